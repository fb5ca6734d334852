import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { countCommands } from '@commerce-sync/service-kit';
import { Registry } from 'prom-client';
import {
  acksByQueue,
  allRoundTrips,
  byService,
  commandsPerOrder,
  declaredMetrics,
  parsePrometheus,
  roundTrips,
  serviceCounters,
} from './scrape.ts';

const SCRAPE = `# HELP messaging_consumed_total Deliveries handled, by outcome
# TYPE messaging_consumed_total counter
messaging_consumed_total{queue="payments.authorize",type="payment.authorize",outcome="ok"} 90
messaging_consumed_total{queue="payments.capture",type="payment.capture",outcome="duplicate"} 10
# TYPE mongodb_commands_total counter
mongodb_commands_total{command="find"} 250
mongodb_commands_total{command="update"} 400
mongodb_commands_total{command="insert"} 150
process_cpu_seconds_total 12.5
weird_total{note="a \\"quoted\\", comma",x="1"} 3
`;

describe('store round trips from /metrics', () => {
  it('when a scrape is parsed, then labels (escaped quotes, commas) and values come out', () => {
    const s = parsePrometheus(SCRAPE);
    assert.equal(s.length, 7);
    assert.deepEqual(s.at(-1), {
      name: 'weird_total',
      labels: { note: 'a "quoted", comma', x: '1' },
      value: 3,
    });
    assert.deepEqual(s.at(-2), { name: 'process_cpu_seconds_total', labels: {}, value: 12.5 });
    assert.deepEqual(serviceCounters(s), {
      consumed: 100,
      commands: { find: 250, update: 400, insert: 150 },
    });
  });

  it('when a counter has no samples yet, then it is still known as declared', () => {
    const declared = declaredMetrics(
      '# HELP messaging_consumed_total x\n# TYPE messaging_consumed_total counter\n',
    );
    assert.ok(declared.has('messaging_consumed_total'));
    assert.ok(
      !declaredMetrics(SCRAPE.replace(/# TYPE messaging_consumed_total counter\n/, '')).has(
        'messaging_consumed_total',
      ),
    );
  });

  it('when the broker lists its queues, then the acks of each come out and unacked queues are absent', () => {
    assert.deepEqual(
      acksByQueue([
        { name: 'orders', message_stats: { ack: 1200 } },
        { name: 'orders.dlq' },
        { name: 'shipping', message_stats: {} },
      ]),
      { orders: 1200 },
    );
  });

  it('when two scrapes are compared, then commands per consumed message and the top commands come from the deltas', () => {
    const before = { consumed: 100, commands: { find: 250, update: 400, insert: 150 } };
    const after = { consumed: 300, commands: { find: 650, update: 1000, insert: 350, delete: 20 } };
    const r = roundTrips(before, after, 2);
    assert.equal(r.consumed, 200);
    assert.equal(r.commands, 1220);
    assert.equal(r.perMessage, 6.1);
    assert.deepEqual(r.top, [
      { command: 'update', count: 600, perMessage: 3 },
      { command: 'find', count: 400, perMessage: 2 },
    ]);
  });

  it('when nothing was consumed or a counter restarted, then the ratio is NaN and the restarted counter counts from 0', () => {
    const r = roundTrips({ consumed: 5, commands: { find: 100 } }, { consumed: 5, commands: { find: 30 } });
    assert.ok(Number.isNaN(r.perMessage));
    assert.equal(r.byCommand.find, 30);
  });

  it('when the services are summed, then the mix is commands by name per order, most first', () => {
    const trips = allRoundTrips(
      { a: { consumed: 0, commands: {} }, b: { consumed: 0, commands: { find: 10 } } },
      {
        a: { consumed: 10, commands: { find: 20, insert: 10 } },
        b: { consumed: 10, commands: { find: 30, update: 50 } },
        c: { consumed: 1, commands: { find: 1 } },
      },
    );
    assert.deepEqual(Object.keys(trips), ['a', 'b']);
    assert.deepEqual(commandsPerOrder(trips, 10), { update: 5, find: 4, insert: 1 });
  });
});

describe('mongodb_commands_total (service-kit countCommands)', () => {
  it('when the driver announces commands, then they are counted by name, without handshakes, heartbeats or session housekeeping', async () => {
    const registry = new Registry();
    const client = new EventEmitter();
    countCommands(client, registry);
    countCommands(client, registry); // a second call on the same client counts nothing twice
    const other = new EventEmitter();
    countCommands(other, registry); // a second client of the same process shares the counter
    for (const commandName of ['hello', 'find', 'find', 'update', 'ping', 'endSessions', 'saslStart'])
      client.emit('commandStarted', { commandName });
    other.emit('commandStarted', { commandName: 'find' });
    const counted = serviceCounters(parsePrometheus(await registry.metrics())).commands;
    assert.deepEqual(counted, { find: 3, update: 1 });
  });
});

describe('counters of replicas', () => {
  it('when a service runs as two processes, then their deliveries and commands add up under its name', () => {
    const summed = byService(
      {
        orders: { consumed: 3, commands: { find: 2, update: 1 }, consumedFrom: 'metrics' },
        'orders-2': { consumed: 4, commands: { update: 5 }, consumedFrom: 'metrics' },
        payments: { consumed: 1, commands: { insert: 1 }, consumedFrom: 'metrics' },
      },
      (name) => name.replace(/-\d+$/, ''),
    );
    assert.deepEqual(summed.orders, {
      consumed: 7,
      commands: { find: 2, update: 6 },
      consumedFrom: 'metrics',
    });
    assert.deepEqual(summed.payments?.commands, { insert: 1 });
  });
});
