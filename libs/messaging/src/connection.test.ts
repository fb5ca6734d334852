import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { AmqpUrlSchema, BrokerConnection, brokerUrls, nodeOf } from './connection.ts';
import type { Logger } from './options.ts';

describe('broker addresses', () => {
  it('when AMQP_URL lists a cluster’s nodes with commas, then each is a broker URL', () => {
    assert.deepEqual(brokerUrls('amqp://u:p@127.0.0.1:5701, amqp://u:p@127.0.0.1:5702,'), [
      'amqp://u:p@127.0.0.1:5701',
      'amqp://u:p@127.0.0.1:5702',
    ]);
    assert.deepEqual(brokerUrls('amqps://broker.internal'), ['amqps://broker.internal']);
  });

  it('when an entry is not an amqp:// URL, then the error names it without its password', () => {
    assert.throws(() => brokerUrls('amqp://a:1,http://u:secret@b:2'), /"b:2" is not an amqp:\/\/ URL/);
    assert.throws(() => brokerUrls(' , '), /names no broker/);
  });

  it('when a service config reads AMQP_URL, then a list of nodes passes and a bad entry is refused with its reason', () => {
    assert.ok(AmqpUrlSchema.safeParse('amqp://a:5701,amqp://b:5702').success);
    const bad = AmqpUrlSchema.safeParse('amqp://a:5701,http://b');
    assert.equal(bad.success, false);
    assert.match(bad.error?.issues[0]?.message ?? '', /not an amqp:\/\/ URL/);
  });

  it('when a node is shown, then it is host:port with the protocol’s default port', () => {
    assert.equal(nodeOf('amqp://guest:guest@127.0.0.1:5701/vhost'), '127.0.0.1:5701');
    assert.equal(nodeOf('amqps://user:pw@mq.example'), 'mq.example:5671');
  });
});

/** A port that accepts TCP and drops it at once: a connect there fails fast, as on a dead node. */
async function refusingPort(): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

describe('BrokerConnection over several nodes', () => {
  it('when connecting fails, then every attempt goes to the next node, starting where random says', async () => {
    const nodes = await Promise.all([refusingPort(), refusingPort(), refusingPort()]);
    const tried: string[] = [];
    const logger: Logger = {
      info() {},
      error() {},
      warn(obj: { node?: string }, msg?: string) {
        if (msg === 'amqp connect failed' && obj.node) tried.push(obj.node);
      },
    };
    const broker = new BrokerConnection({
      url: nodes.map((n) => `amqp://guest:guest@127.0.0.1:${n.port}`).join(','),
      logger,
      onConnect: async () => {},
      minDelayMs: 1,
      maxDelayMs: 5,
      random: () => 0.5, // the second of three
    });
    void broker.start().catch(() => {});
    try {
      await waitFor(() => tried.length >= 4, { what: 'four attempts' });
      const at = (i: number) => `127.0.0.1:${nodes[i]?.port}`;
      assert.deepEqual(tried.slice(0, 4), [at(1), at(2), at(0), at(1)]);
      assert.equal(broker.node, null);
    } finally {
      await broker.close();
      for (const n of nodes) n.server.close();
    }
  });
});
