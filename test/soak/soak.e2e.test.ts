import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/system.ts';
import { DEFAULT_OPTIONS, type SoakOptions } from './options.ts';
import { formatReport, writeResult } from './report.ts';
import { runSoak } from './soak.ts';

/**
 * The soak in small, what `npm test` can afford on two cores: 100 orders at 3/s, one SIGKILL
 * of every service and a RabbitMQ restart during the load, on its own broker, database and
 * mailpit (AMQP 5720, ports +300: never the e2e's 5710/+200, the bench's 5730/+400 or
 * `npm start`). ~2 min on an idle machine (it took 105 s beside the other test files on
 * mongo-java-server); more orders would mostly add time spent waiting on the paced load. The quiet timeout is generous because a loaded machine is slow, not wrong: the
 * invariants are what must hold. `npm run soak` is the big one.
 */
const SHORT: SoakOptions = {
  ...DEFAULT_OPTIONS,
  orders: 100,
  rate: 3,
  faults: new Set(['kills', 'broker']),
  seed: 7,
  quiescenceTimeoutS: 420,
  name: 'soak-e2e',
  amqpPort: 5720,
  portOffset: 300,
  progressMs: 20_000,
};

describe('soak (short)', () => {
  // Longer than npm test's default per-test timeout (5 min): the whole run is bounded by the quiet timeout.
  it('when every service is killed once and the broker restarts under load, then every invariant holds', {
    timeout: 15 * 60_000,
  }, async () => {
    const result = await runSoak(SHORT, (line) => process.stderr.write(`[soak] ${line}\n`));
    const report = formatReport(result);
    const path = writeResult(result, join(ROOT, SHORT.outDir));
    assert.equal(result.incidents.length, 0, `unplanned exits:\n${report}`);
    assert.equal(result.faults.length, 6, report);
    assert.deepEqual(
      result.faults.filter((f) => f.error),
      [],
      report,
    );
    assert.ok(result.quiet, `the system did not settle within ${SHORT.quiescenceTimeoutS} s\n${report}`);
    for (const check of result.checks)
      assert.ok(check.ok, `${check.name}: ${check.value}\n${report}\n(${path})`);
    assert.equal(result.summary.orders, SHORT.orders, report);
  });
});
