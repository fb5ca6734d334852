import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectedFault } from './fault-plan.ts';
import type { Check } from './invariants.ts';
import type { Summary } from './summary.ts';

export interface SoakResult {
  ok: boolean;
  startedAt: string;
  options: Record<string, unknown>;
  /** Seconds spent starting the stack, placing the orders, and waiting for the system to settle. */
  timings: { startupS: number; loadS: number; settleS: number };
  /** False when the quiescence timeout passed first (the stuck check says which orders). */
  quiet: boolean;
  faults: InjectedFault[];
  /** Processes that exited without being told to (restarted by the harness). */
  incidents: string[];
  checks: Check[];
  summary: Summary;
  /** Messages each service process handled since its last start (both replicas worked?). */
  replicas: ReplicaWork[];
  logDir: string;
}

export interface ReplicaWork {
  name: string;
  service: string;
  replica: number;
  consumed: number;
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const padL = (s: string | number, n: number) => String(s).padStart(n);

function breakdown(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([k, n]) => `${k} ${n}`);
  return parts.length ? `(${parts.join(', ')})` : '';
}

/** The human table: faults, final statuses, each invariant with its figure, parked orders, DLQ. */
export function formatReport(r: SoakResult): string {
  const s = r.summary;
  const out: string[] = [];
  out.push(
    `\nsoak: ${r.options.orders} orders at ${r.options.rate}/s, faults ${r.options.faults}, seed ${r.options.seed}`,
    `  stack up in ${r.timings.startupS} s, load ${r.timings.loadS} s, settled ${r.quiet ? 'in' : 'NOT within'} ${r.timings.settleS} s`,
    '\nfaults injected',
  );
  for (const f of r.faults)
    out.push(
      `  ${padL(f.startedAtS.toFixed(1), 7)} s  ${pad(f.label, 60)} ${(f.tookMs / 1000).toFixed(1)} s${f.error ? `  FAILED: ${f.error}` : ''}`,
    );
  if (r.faults.length === 0) out.push('  none');
  if (r.incidents.length) out.push('\nunplanned exits (restarted; a simulator restart voids the checks)');
  for (const i of r.incidents) out.push(`  ${i}`);
  out.push(`\norders by final status (${s.orders} orders, ${s.storefrontOrders} placed on the storefront)`);
  for (const [status, n] of Object.entries(s.byStatus)) {
    const why =
      status === 'cancelled'
        ? breakdown(s.cancelledByReason)
        : status === 'delivery_exception'
          ? breakdown(s.exceptionsByReason)
          : '';
    out.push(`  ${pad(status, 20)} ${padL(n, 6)}  ${why}`);
  }
  out.push('\ninvariants');
  for (const c of r.checks) {
    out.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${pad(c.name, 66)} ${padL(c.value, 8)}  (expected ${c.expected})`);
    for (const d of c.ok ? [] : c.details) out.push(`         ${d}`);
  }
  if (r.replicas.some((w) => w.replica > 1)) {
    out.push('\nmessages handled per replica (since its last start)');
    for (const service of new Set(r.replicas.map((w) => w.service)))
      out.push(
        `  ${pad(service, 14)} ${r.replicas
          .filter((w) => w.service === service)
          .map((w) => `${w.name} ${w.consumed}`)
          .join(', ')}`,
      );
  }
  out.push(`\nneeds_attention: ${s.needsAttention.length}`);
  for (const n of s.needsAttention.slice(0, 20))
    out.push(`  ${n.id}  reason ${n.reason}; last ${n.lastEvent}; payment ${n.payment}, stock ${n.stock}`);
  out.push(`\nDLQ: ${s.dlq.reduce((a, g) => a + g.count, 0)} messages`);
  for (const g of s.dlq)
    out.push(
      `  ${padL(g.count, 5)}  ${pad(g.queue, 28)} ${pad(g.type, 26)} ${g.reason}${g.errorCode ? ` ${g.errorCode}` : ''}  e.g. ${g.example}`,
    );
  const queued = Object.entries(s.queued).filter(([q]) => !q.endsWith('.dlq'));
  if (queued.length) out.push(`\nstill queued: ${queued.map(([q, n]) => `${q} ${n}`).join(', ')}`);
  out.push(
    `\nmoney: captured ${s.capturedMinor}, refunded ${s.refundedMinor} (minor units); labels ${s.labels}; emails ${s.emails}; storefront cancels refused (parcel moving) ${s.storefrontCancelsRefused}`,
    `logs: ${r.logDir}`,
    `\nresult: ${r.ok ? 'PASS' : 'FAIL'}`,
  );
  return out.join('\n');
}

/** Writes the result as `<dir>/<timestamp>.json`; returns the path. */
export function writeResult(r: SoakResult, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${r.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, `${JSON.stringify(r, null, 2)}\n`);
  return path;
}
