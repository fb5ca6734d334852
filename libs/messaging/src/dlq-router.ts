import { DlqFilter as Filter, DlqListQuery } from '@commerce-sync/service-kit/openapi-dlq';
import express, { type Router } from 'express';
import type { DlqAdmin } from './dlq-admin.ts';
import type { DlqFilter } from './dlq-entry.ts';

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
    const query = DlqListQuery.safeParse(req.query);
    if (!query.success) {
      res
        .status(400)
        .type('application/problem+json')
        .json(problem(400, 'Validation failed', 'limit must be a whole number from 1 to 1000'));
      return;
    }
    res.json({ queue: dlq.queue, ...(await dlq.list({ limit: query.data.limit })) });
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
