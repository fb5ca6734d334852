/**
 * `npm run soak -- --orders 10000 --faults all`: the whole system on a private stack under
 * load and faults, then the invariants. Prints progress and a table, writes the result as
 * JSON to .local/soak/<timestamp>.json, and exits non-zero when an invariant fails.
 */
import { join } from 'node:path';
import { ROOT } from '../support/system.ts';
import { parseSoakArgs } from './options.ts';
import { formatReport, writeResult } from './report.ts';
import { runSoak } from './soak.ts';

const parsed = parseSoakArgs(process.argv.slice(2));
if (parsed.kind === 'help') {
  console.log(parsed.text);
  process.exit(0);
}
if (parsed.kind === 'error') {
  console.error(`soak: ${parsed.message}\n\n${parsed.text}`);
  process.exit(2);
}
const opts = parsed.options;

const result = await runSoak(opts);
console.log(formatReport(result));
console.log(`written to ${writeResult(result, join(ROOT, opts.outDir))}`);
process.exit(result.ok ? 0 : 1);
