/**
 * The command line of every CLI in the repository (npm start, stop, test, bench, soak, dlq,
 * the simulators): node:util `parseArgs` plus a usage text built from the same table, so
 * `--help` always lists every option. `--help`/`-h` prints the usage and exits 0; an
 * unknown option or a missing value prints the reason and the usage and exits 2, never a
 * stack trace (parseArgs throws TypeErrors with an `ERR_PARSE_ARGS_*` code).
 */
import { parseArgs } from 'node:util';

/** One option: its parseArgs type, and what `--help` says about it. */
export interface CliOption {
  type: 'string' | 'boolean';
  short?: string;
  default?: string | boolean;
  /** One line for the usage text. */
  help: string;
  /** Placeholder of the value in the usage text (`--rate <value>`). */
  arg?: string;
}

export type CliOptions = Record<string, CliOption>;

export interface CliSpec<O extends CliOptions = CliOptions> {
  /** The synopsis, e.g. `npm start -- [options]`. */
  usage: string;
  /** Lines printed after the synopsis (what the command does, its positionals). */
  about?: readonly string[];
  options: O;
  allowPositionals?: boolean;
  /** Lines printed after the options (environment variables, examples). */
  notes?: readonly string[];
}

const HELP = { type: 'boolean', short: 'h', help: 'print this and exit' } as const satisfies CliOption;

type WithHelp<O extends CliOptions> = O & { help: typeof HELP };
type Parsed<O extends CliOptions> = ReturnType<
  typeof parseArgs<{ options: WithHelp<O>; allowPositionals: boolean; strict: true }>
>;

export type CliOutcome<O extends CliOptions> =
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string; text: string }
  | { kind: 'ok'; values: Parsed<O>['values']; positionals: string[] };

const withHelp = <O extends CliOptions>(options: O): WithHelp<O> => ({ ...options, help: HELP });

/** The usage text: synopsis, about, one line per option with its default, notes. */
export function usageText(spec: CliSpec): string {
  const flags = Object.entries<CliOption>(withHelp(spec.options)).map(([name, o]) => {
    const short = o.short ? `-${o.short}, ` : '';
    const flag = o.type === 'boolean' ? `${short}--${name}` : `${short}--${name} <${o.arg ?? 'value'}>`;
    const dflt = typeof o.default === 'string' && o.default !== '' ? ` (default ${o.default})` : '';
    return { flag, text: `${o.help}${dflt}` };
  });
  const width = Math.max(...flags.map((f) => f.flag.length)) + 2;
  const rows = flags.map((f) => `  ${f.flag.padEnd(width)}${f.text}`);
  const about = spec.about?.length ? ['', ...spec.about] : [];
  const notes = spec.notes?.length ? ['', ...spec.notes] : [];
  return [`usage: ${spec.usage}`, ...about, '', 'options:', ...rows, ...notes].join('\n');
}

/** Parses without side effects: for CLIs that validate further, and for tests. */
export function parseCliArgs<O extends CliOptions>(spec: CliSpec<O>, argv: string[]): CliOutcome<O> {
  const text = usageText(spec);
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: withHelp(spec.options),
      allowPositionals: spec.allowPositionals ?? false,
      strict: true,
    });
    if ((values as { help?: boolean }).help) return { kind: 'help', text };
    return { kind: 'ok', values, positionals };
  } catch (err) {
    if (!isParseArgsError(err)) throw err;
    return { kind: 'error', message: err.message.split('\n')[0] ?? String(err), text };
  }
}

/** Prints `message` and the usage on stderr and exits 2: for checks after parsing. */
export function exitWithUsage(spec: CliSpec, message: string): never {
  console.error(`${message}\n\n${usageText(spec)}`);
  process.exit(2);
}

/**
 * Parses `argv` (default: this process's arguments); on `--help` prints the usage and
 * exits 0, on a wrong option prints the reason and the usage and exits 2.
 */
export function cliArgs<O extends CliOptions>(
  spec: CliSpec<O>,
  argv: string[] = process.argv.slice(2),
): { values: Parsed<O>['values']; positionals: string[] } {
  const outcome = parseCliArgs(spec, argv);
  if (outcome.kind === 'help') {
    console.log(outcome.text);
    process.exit(0);
  }
  if (outcome.kind === 'error') exitWithUsage(spec, outcome.message);
  return outcome;
}

function isParseArgsError(err: unknown): err is Error {
  return err instanceof Error && String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_');
}
