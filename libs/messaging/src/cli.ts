#!/usr/bin/env node
import { cliArgs, exitWithUsage } from '@commerce-sync/service-kit/cli-args';
import { createDlqAdmin } from './dlq-admin.ts';
import type { DlqFilter } from './dlq-entry.ts';

const CLI = {
  usage: 'commerce-sync dlq <list|show|replay|discard> --queue <service> [options]',
  about: [
    'list     [--limit N]                                 parked messages, newest reason first',
    'show     --id <messageId>                            one message with error stack and body',
    'replay   --id <messageId> | --type <type> | --all    back to the work queue',
    'discard  --id <messageId> | --type <type> | --all    delete for good',
  ],
  options: {
    queue: { type: 'string', arg: 'service', help: 'the consuming service, e.g. payments (required)' },
    prefix: { type: 'string', default: '', arg: 'name prefix', help: 'queue name prefix (as the service)' },
    id: { type: 'string', arg: 'messageId', help: 'one message (show, replay, discard)' },
    type: { type: 'string', arg: 'type', help: 'every message of one type (replay, discard)' },
    all: { type: 'boolean', help: 'every message (replay, discard)' },
    limit: { type: 'string', default: '50', arg: 'n', help: 'messages listed' },
  },
  allowPositionals: true,
  notes: ['environment: AMQP_URL (default amqp://guest:guest@127.0.0.1:5672)'],
} as const;

function fail(message: string): never {
  return exitWithUsage(CLI, message);
}

function filterFrom(values: { id?: string; type?: string; all?: boolean }): DlqFilter {
  if (values.id) return { messageId: values.id };
  if (values.type) return { type: values.type };
  if (values.all) return { all: true };
  return fail('say which messages: --id, --type or --all');
}

async function main(argv: string[]): Promise<void> {
  const args = argv[0] === 'dlq' ? argv.slice(1) : argv; // `commerce-sync dlq list` and `npm run dlq -- list`
  const { positionals, values } = cliArgs(CLI, args);
  const command = positionals[0];
  if (!values.queue) fail('--queue is required (the consuming service, e.g. payments)');
  const dlq = createDlqAdmin({
    amqpUrl: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    service: values.queue,
    prefix: values.prefix,
  });
  switch (command) {
    case 'list': {
      const { total, entries } = await dlq.list({ limit: Number(values.limit) });
      console.log(`${dlq.queue}: ${total} message(s)`);
      for (const e of entries) {
        console.log(
          `${e.messageId}  ${e.type}  order=${e.correlationId}  ${e.reason}  ${e.errorCode ?? ''}  ${e.errorMessage ?? ''}`,
        );
      }
      return;
    }
    case 'show': {
      if (!values.id) fail('show needs --id');
      const entry = await dlq.show(values.id);
      if (!entry) fail(`no message ${values.id} in ${dlq.queue}`);
      console.log(JSON.stringify(entry, null, 2));
      return;
    }
    case 'replay':
      console.log(JSON.stringify(await dlq.replay(filterFrom(values))));
      return;
    case 'discard':
      console.log(JSON.stringify(await dlq.discard(filterFrom(values))));
      return;
    default:
      fail(`unknown command ${command ?? '(none)'}`);
  }
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(`dlq: ${err.message}`);
  process.exit(1);
});
