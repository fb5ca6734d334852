import express, { type Router } from 'express';
import { z } from 'zod';
import type { DlqAdmin } from './dlq-admin.ts';
import type { DlqFilter } from './dlq-entry.ts';

const Filter = z.union([
  z.object({ messageId: z.string().min(1) }).strict(),
  z.object({ type: z.string().min(1) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

const problem = (status: number, title: string, detail: string) => ({
  type: 'about:blank',
  title,
  status,
  detail,
});

/**
 * Admin endpoints over a DLQ; mount behind the service's admin auth:
 * `GET /` list, `GET /:messageId` show, `POST /replay` and `POST /discard` with a filter body
 * `{ messageId } | { type } | { all: true }`.
 */
export function createDlqRouter(dlq: DlqAdmin): Router {
  const router = express.Router();
  router.use(express.json({ limit: '10kb' }));

  router.get('/', async (req, res) => {
    const limit = Math.min(1_000, Math.max(1, Number(req.query.limit ?? 100) || 100));
    res.json({ queue: dlq.queue, ...(await dlq.list({ limit })) });
  });

  router.get('/:messageId', async (req, res) => {
    const entry = await dlq.show(req.params.messageId);
    if (!entry) {
      res
        .status(404)
        .type('application/problem+json')
        .json(problem(404, 'Not found', 'no such message in the DLQ'));
      return;
    }
    res.json(entry);
  });

  for (const action of ['replay', 'discard'] as const) {
    router.post(`/${action}`, async (req, res) => {
      const filter = Filter.safeParse(req.body);
      if (!filter.success) {
        const detail = 'body must be { "messageId": "…" }, { "type": "…" } or { "all": true }';
        res
          .status(400)
          .type('application/problem+json')
          .json(problem(400, 'Validation failed', detail));
        return;
      }
      res.json(await dlq[action](filter.data as DlqFilter));
    });
  }
  return router;
}
