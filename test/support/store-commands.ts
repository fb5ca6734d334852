/** Collections written by the clock, not per message: marker polls backing off, relay heartbeats. */
const HOUSEKEEPING = new Set(['outbox_pending', 'outbox_relays']);

interface UpdateStatement {
  u?: { $set?: { outbox?: unknown[] } };
}

/**
 * What one command is, for counting round trips per consumed message:
 * - `housekeeping <command> <collection>`: clock-driven work on the relay's own collections;
 * - `relay-round <collection>`: the relay's one bulk write per round that empties the
 *   outboxes it published (a share per message, not one each);
 * - `<command> <collection>` otherwise: the step's own round trips.
 */
export function classifyCommand(commandName: string, command: Record<string, unknown>): string {
  const collection = String(command[commandName] ?? '');
  if (HOUSEKEEPING.has(collection)) return `housekeeping ${commandName} ${collection}`;
  const updates = command.updates as UpdateStatement[] | undefined;
  if (commandName === 'update' && updates?.every((u) => Array.isArray(u.u?.$set?.outbox)))
    return `relay-round ${collection}`;
  return `${commandName} ${collection}`;
}

export interface CommandTally {
  /** Starts counting from zero. */
  start(): void;
  /** Stops counting; the tally stays readable. */
  stop(): void;
  /** Every counted kind (see classifyCommand) and how many times it was sent. */
  readonly counts: ReadonlyMap<string, number>;
  /** The step's own round trips: neither housekeeping nor relay rounds, nor `ignore`d kinds. */
  own(ignore?: (kind: string) => boolean): number;
  /** The relay's emptying writes. */
  relayRounds(): number;
  /** The tally as one line, for an assertion's message. */
  describe(): string;
  /** Stops listening. */
  close(): void;
}

type CommandStarted = (e: { commandName: string; command: Record<string, unknown> }) => void;

/** A MongoClient of either driver copy (the root's or mongoose's): only its command events. */
export interface CommandSource {
  on(event: 'commandStarted', listener: CommandStarted): unknown;
  off(event: 'commandStarted', listener: CommandStarted): unknown;
}

/**
 * Counts the commands `client` sends, from the driver's `commandStarted` events (the client
 * must be opened with `monitorCommands: true`; service-kit's connectMongo does it by default).
 */
export function tallyCommands(client: CommandSource): CommandTally {
  const counts = new Map<string, number>();
  let counting = false;
  const onStarted = (e: { commandName: string; command: Record<string, unknown> }) => {
    if (!counting) return;
    const kind = classifyCommand(e.commandName, e.command);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  };
  client.on('commandStarted', onStarted);
  const sum = (keep: (kind: string) => boolean) =>
    [...counts].filter(([kind]) => keep(kind)).reduce((n, [, c]) => n + c, 0);
  return {
    counts,
    start() {
      counts.clear();
      counting = true;
    },
    stop() {
      counting = false;
    },
    own: (ignore = () => false) =>
      sum((k) => !k.startsWith('housekeeping ') && !k.startsWith('relay-round ') && !ignore(k)),
    relayRounds: () => sum((k) => k.startsWith('relay-round ')),
    describe: () => JSON.stringify(Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)))),
    close: () => {
      client.off('commandStarted', onStarted);
    },
  };
}
