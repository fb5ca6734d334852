/**
 * `npm run soak -- --orders 10000 --faults all`: the whole system on a private stack under
 * load and faults, then the invariants. Prints progress and a table, writes the result as
 * JSON to .local/soak/<timestamp>.json, and exits non-zero when an invariant fails.
 */
import { join } from 'node:path';
import { ROOT } from '../support/system.ts';
import { parseSoakArgs, type SoakOptions } from './options.ts';
import { formatReport, writeResult } from './report.ts';
import { runSoak } from './soak.ts';

let opts: SoakOptions;
try {
  opts = parseSoakArgs(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

const result = await runSoak(opts);
console.log(formatReport(result));
console.log(`written to ${writeResult(result, join(ROOT, opts.outDir))}`);
process.exit(result.ok ? 0 : 1);
