import type { Request, RequestHandler, Response } from 'express';
import { StripeSimError } from './errors.ts';
import { newId } from './ids.ts';
import type { Params } from './params.ts';
import type { RequestInfo, SimState } from './state.ts';

/** What a simulator endpoint returns; errors are thrown as StripeSimError. */
export type SimHandler = (params: Params, info: RequestInfo, req: Request) => unknown;

interface StoredResult {
  fingerprint: string;
  status: number;
  body: unknown;
  requestId: string;
  inProgress: boolean;
}

/** A response the client never gets although the effect happened (the nastiest timeout). */
export interface LostResponseRule {
  match: string;
  count: number;
  /** `hang`: no answer until the client gives up; `reset`: the connection is cut. */
  mode: 'hang' | 'reset';
}

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, stable(v)]),
    );
  }
  return value;
}

/**
 * Wraps endpoints with Stripe's request semantics: `Request-Id`, idempotent replay of POSTs
 * by `Idempotency-Key` (https://docs.stripe.com/api/idempotent_requests), the error body,
 * and the lost-response fault. Keys live until reset (Stripe keeps them 24 h).
 */
export function createRouteKit(state: () => SimState) {
  const results = new Map<string, StoredResult>();
  const lostRules: LostResponseRule[] = [];
  const hung = new Set<Response>();

  function loseResponse(req: Request, res: Response): boolean {
    const key = `${req.method} ${req.path}`;
    const rule = lostRules.find((r) => r.count > 0 && new RegExp(r.match).test(key));
    if (!rule) return false;
    rule.count -= 1;
    if (rule.count <= 0) lostRules.splice(lostRules.indexOf(rule), 1);
    if (rule.mode === 'reset') req.socket.destroy();
    else {
      hung.add(res);
      res.on('close', () => hung.delete(res));
    }
    return true;
  }

  function send(res: Response, status: number, body: unknown, requestId: string, replayed: boolean): void {
    res.set('Request-Id', requestId);
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.status(status).json(body);
  }

  function run(handler: SimHandler, params: Params, info: RequestInfo, req: Request) {
    try {
      // A snapshot: a replay answers with the original response, not today's state.
      return { status: 200, body: structuredClone(handler(params, info, req)), stored: true };
    } catch (err) {
      if (!(err instanceof StripeSimError)) throw err;
      return {
        status: err.status,
        body: {
          error: { ...err.body, request_log_url: `https://dashboard.stripe.com/test/logs/${info.requestId}` },
        },
        stored: err.stored,
      };
    }
  }

  function route(handler: SimHandler): RequestHandler {
    return (req, res) => {
      state().stats.requests += 1;
      const params = (req.method === 'GET' ? req.query : (req.body ?? {})) as Params;
      const requestId = newId('req', 14);
      const key = req.method === 'POST' ? (req.get('Idempotency-Key') ?? null) : null;
      if (key) res.set('Idempotency-Key', key);
      const fingerprint = JSON.stringify([req.method, req.path, stable(params)]);
      const stored = key ? results.get(key) : undefined;
      if (key && stored) {
        if (stored.inProgress) {
          return send(
            res,
            409,
            {
              error: {
                type: 'idempotency_error',
                message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
              },
            },
            requestId,
            false,
          );
        }
        if (stored.fingerprint !== fingerprint) {
          return send(
            res,
            400,
            {
              error: {
                type: 'idempotency_error',
                message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
              },
            },
            requestId,
            false,
          );
        }
        state().stats.idempotentReplays += 1;
        if (loseResponse(req, res)) return;
        return send(res, stored.status, stored.body, stored.requestId, true);
      }
      if (key) results.set(key, { fingerprint, status: 0, body: null, requestId, inProgress: true });
      const out = run(handler, params, { requestId, idempotencyKey: key }, req);
      if (key && out.stored)
        results.set(key, { fingerprint, status: out.status, body: out.body, requestId, inProgress: false });
      else if (key) results.delete(key);
      if (loseResponse(req, res)) return;
      send(res, out.status, out.body, requestId, false);
    };
  }

  return {
    route,
    lostRules,
    reset() {
      results.clear();
      lostRules.splice(0);
    },
    /** Forgets the stored answers, as Stripe does after 24 h; returns how many were dropped. */
    expireKeys(): number {
      const n = results.size;
      results.clear();
      return n;
    },
    /** Frees hung sockets (shutdown, tests). */
    close() {
      for (const res of hung) res.socket?.destroy();
      hung.clear();
    },
  };
}
