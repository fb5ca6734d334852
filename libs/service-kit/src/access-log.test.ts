import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '@commerce-sync/telemetry';
import express from 'express';
import { createApp } from './create-app.ts';

const TOKEN = 'trk_4f9c1e2d7a6b5c8d';
const lines: string[] = [];
let onAccessLine: ((line: Record<string, unknown>) => void) | undefined;
let server: Server;
let base = '';

before(async () => {
  const destination = new Writable({
    write(chunk, _enc, cb) {
      const line = String(chunk);
      lines.push(line);
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (parsed.msg === 'request') onAccessLine?.(parsed);
      cb();
    },
  });
  const logger = createLogger({ service: 'access-test', destination, level: 'info' });
  const { app } = createApp({
    service: 'access-test',
    logger,
    routes: (r) => {
      r.get('/track/:token', (_req, res) => void res.send('page'));
      const dlq = express.Router();
      dlq.post('/:messageId/replay', (_req, res) => void res.status(202).end());
      r.use('/admin/dlq', dlq);
    },
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

/** The access line of the next request (written when the response closes). */
async function accessLineOf(path: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const logged = new Promise<Record<string, unknown>>((resolve) => {
    onAccessLine = resolve;
  });
  const res = await fetch(base + path, init);
  await res.body?.cancel();
  return logged;
}

describe('access log', { timeout: 10_000 }, () => {
  it('when a route carries a token in its path, then the line has the pattern and neither token nor query', async () => {
    const line = await accessLineOf(`/track/${TOKEN}?utm_source=mail&email=ann%40example.com`);
    assert.equal(line.method, 'GET');
    assert.equal(line.route, '/track/:token');
    assert.equal(line.status, 200);
    assert.equal(typeof line.durationMs, 'number');
    assert.equal(typeof line.requestId, 'string');
    const all = lines.join('');
    assert.doesNotMatch(all, new RegExp(TOKEN));
    assert.doesNotMatch(all, /utm_source|example\.com/);
  });

  it('when a route sits in a mounted router, then the pattern includes the mount path', async () => {
    const line = await accessLineOf('/admin/dlq/msg-123/replay', { method: 'POST' });
    assert.deepEqual([line.route, line.status], ['/admin/dlq/:messageId/replay', 202]);
    assert.doesNotMatch(lines.join(''), /msg-123/);
  });

  it('when no route matches, then the line says unmatched and not the path', async () => {
    const line = await accessLineOf(`/nowhere/${TOKEN}`);
    assert.deepEqual([line.route, line.status], ['unmatched', 404]);
    assert.doesNotMatch(lines.join(''), new RegExp(TOKEN));
  });
});
