import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from './create-app.ts';
import { runService } from './run-service.ts';
import { memoryLogger } from './test-logger.ts';

describe('runService', () => {
  it('when it listens, then idle connections outlive the ingress upstream keep-alive (60 s)', async () => {
    const { logger } = memoryLogger();
    const app = createApp({ service: 'run-test', logger, rateLimit: false });
    const running = await runService({
      service: 'run-test',
      logger,
      app,
      port: 0,
      host: '127.0.0.1',
      exit: false,
    });
    try {
      assert.ok(running.server.keepAliveTimeout > 60_000, String(running.server.keepAliveTimeout));
      assert.ok(running.server.headersTimeout > running.server.keepAliveTimeout);
    } finally {
      await running.shutdown('test');
    }
  });
});
