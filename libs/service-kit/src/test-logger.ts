import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@commerce-sync/telemetry';

/** A real pino logger writing into an array, for tests that assert on log lines. */
export function memoryLogger(service = 'test'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger({ service, destination, level: 'debug' }), lines };
}
