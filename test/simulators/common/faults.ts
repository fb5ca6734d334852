import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { readFileSync } from 'node:fs';

/**
 * Faults a simulator injects on matching requests. Rates are shares between 0 and 1,
 * drawn per request; `count` limits how many requests a rule affects (then it retires).
 */
export interface FaultRule {
  /** Matched against `METHOD path` (e.g. `POST /v1/payment_intents/:id/capture` → regex on the real path). */
  match: string;
  latencyMs?: number;
  errorRate?: number;
  errorStatus?: number;
  rate429?: number;
  retryAfterSec?: number;
  /** Share of requests that get no answer at all (the socket stays open until the client gives up). */
  timeoutRate?: number;
  count?: number;
}

/** Faults on outgoing webhooks: lost, sent twice, held back, or swapped with the next one. */
export interface WebhookFaults {
  dropRate?: number;
  duplicateRate?: number;
  delayMs?: number;
  reorderRate?: number;
}

export interface FaultConfig {
  rules: FaultRule[];
  webhooks: WebhookFaults;
}

export function emptyFaults(): FaultConfig {
  return { rules: [], webhooks: {} };
}

/** Faults from `SIM_FAULTS` (JSON) or `SIM_FAULTS_FILE` (path to JSON), else none. */
export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): FaultConfig {
  const raw = env.SIM_FAULTS ?? (env.SIM_FAULTS_FILE ? readFileSync(env.SIM_FAULTS_FILE, 'utf8') : undefined);
  if (!raw) return emptyFaults();
  const parsed = JSON.parse(raw) as Partial<FaultConfig>;
  return { rules: parsed.rules ?? [], webhooks: parsed.webhooks ?? {} };
}

export interface FaultInjector {
  readonly config: FaultConfig;
  /** Express middleware applying the matching rules before the real handler. */
  middleware(): (req: Request, res: Response, next: NextFunction) => void;
  /** `/__sim/faults` GET (inspect), PUT (replace), DELETE (clear). */
  router(): express.Router;
  set(config: Partial<FaultConfig>): void;
  random(): number;
}

/** A small seedable PRNG (mulberry32) so fault runs can be reproduced. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createFaultInjector(
  initial: FaultConfig = emptyFaults(),
  random: () => number = Math.random,
): FaultInjector {
  const config: FaultConfig = { rules: [...initial.rules], webhooks: { ...initial.webhooks } };

  function apply(rule: FaultRule, _req: Request, res: Response, next: NextFunction): void {
    if (rule.count !== undefined) {
      rule.count -= 1;
      if (rule.count <= 0) config.rules.splice(config.rules.indexOf(rule), 1);
    }
    const go = () => {
      const roll = random();
      const timeout = rule.timeoutRate ?? 0;
      const tooMany = rule.rate429 ?? 0;
      const error = rule.errorRate ?? 0;
      if (roll < timeout) return; // never answer: the client's timeout must fire
      if (roll < timeout + tooMany) {
        res.set('Retry-After', String(rule.retryAfterSec ?? 1));
        res
          .status(429)
          .json({ error: { type: 'rate_limit_error', message: 'Too many requests (simulated)' } });
        return;
      }
      if (roll < timeout + tooMany + error) {
        res
          .status(rule.errorStatus ?? 503)
          .json({ error: { type: 'api_error', message: 'Simulated outage' } });
        return;
      }
      next();
    };
    if (rule.latencyMs) setTimeout(go, rule.latencyMs);
    else go();
  }

  return {
    config,
    random,
    set(next) {
      if (next.rules) config.rules.splice(0, config.rules.length, ...next.rules);
      if (next.webhooks) config.webhooks = { ...next.webhooks };
    },
    middleware() {
      return (req, res, next) => {
        if (req.path.startsWith('/__sim')) return next();
        const key = `${req.method} ${req.path}`;
        const rule = config.rules.find((r) => new RegExp(r.match).test(key));
        if (!rule) return next();
        apply(rule, req, res, next);
      };
    },
    router() {
      const r = express.Router();
      r.get('/faults', (_req, res) => res.json(config));
      r.put('/faults', express.json(), (req, res) => {
        this.set(req.body as Partial<FaultConfig>);
        res.json(config);
      });
      r.delete('/faults', (_req, res) => {
        this.set(emptyFaults());
        res.json(config);
      });
      return r;
    },
  };
}
