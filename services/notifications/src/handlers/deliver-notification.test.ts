import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NotificationLog, NotificationLogDoc } from '../adapters/notification-log.ts';
import type { PreferencesStore } from '../adapters/preferences-store.ts';
import type { SentMailLookup } from '../adapters/sent-mail-lookup.ts';
import type { Mailer } from '../adapters/smtp-mailer.ts';
import type { ClaimRecord } from '../domain/notification-claim.ts';
import { statusChanged } from '../testing/order-events.ts';
import { identityFor } from '../domain/shop-identity.ts';
import { createDeliverNotification, type DeliverDeps } from './deliver-notification.ts';

/** The driver's error when a database restart cleared the pool under an operation. */
function poolCleared(): Error {
  const err = new Error('Connection pool for 127.0.0.1:27017 was cleared');
  err.name = 'MongoPoolClearedError';
  return err;
}

function world(
  saveFailures: Error[],
  stored?: Partial<NotificationLogDoc>,
  extra: Partial<DeliverDeps> = {},
  latest: ClaimRecord | null = null,
) {
  const saved: Partial<NotificationLogDoc>[] = [];
  const sent: string[] = [];
  const claimReads: string[] = [];
  const released: number[] = [];
  let row: NotificationLogDoc | null = null;
  const log = {
    ensure: async (given: NotificationLogDoc) => {
      row = stored ? { ...given, ...stored } : given;
      return { row, created: !stored };
    },
    latestClaim: async (id: string) => {
      claimReads.push(id);
      return latest;
    },
    claim: async () => true,
    get: async () => row,
    release: async (_id: string, n: number) => released.push(n),
    save: async (_id: string, fields: Partial<NotificationLogDoc>) => {
      const failure = saveFailures.shift();
      if (failure) throw failure;
      saved.push(fields);
      return {};
    },
  } as unknown as NotificationLog;
  const mailer: Mailer = {
    send: async (mail) => {
      sent.push(mail.messageId ?? '');
      return { outcome: 'sent', providerMessageId: `p${sent.length}` };
    },
    close: () => {},
  };
  const deps: DeliverDeps = {
    log,
    outbox: { collection: {} as never, enqueue: async () => true },
    preferences: { wantsProgressEmails: async () => true } as unknown as PreferencesStore,
    mailer,
    owner: 'test',
    now: () => new Date(),
    config: {
      secret: 's',
      publicBaseUrl: 'https://shop.test',
      mailFrom: 'shop@shop.test',
      claimLeaseMs: 60_000,
    },
    context: async (order) => ({ identity: identityFor({}, order.shop), orderName: '#1001' }),
    ...extra,
  };
  return { deliver: createDeliverNotification(deps), saved, sent, claimReads, released };
}

describe('deliver notification', () => {
  it('when recording a sent email meets a database blip, then the record is retried in place and the email goes once', async () => {
    const { deliver, saved, sent } = world([poolCleared(), poolCleared()]);
    await deliver('order_confirmed', statusChanged('fulfilling'), 'cause-1');
    assert.equal(sent.length, 1);
    assert.equal(saved.length, 1);
    assert.equal(saved[0]?.status, 'sent');
  });

  it('when the send and its record take longer than slowSendMs, then a warning says how long each took', async () => {
    const warnings: { obj: Record<string, unknown>; msg?: string }[] = [];
    const logger = { warn: (obj: object, msg?: string) => void warnings.push({ obj: obj as never, msg }) };
    // One pool-cleared error: the record waits 50–100 ms (100 ms, equal jitter) before its retry.
    const slow = world([poolCleared()], undefined, { logger, slowSendMs: 40 });
    await slow.deliver('order_confirmed', statusChanged('fulfilling'), 'cause-slow');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]?.msg ?? '', /sends the email again/);
    assert.ok(Number(warnings[0]?.obj.recordMs) >= 50, `recordMs ${warnings[0]?.obj.recordMs}`);
    assert.ok(!JSON.stringify(warnings[0]?.obj).includes('@'), 'no address in the log');
    const quick = world([], undefined, { logger, slowSendMs: 5_000 });
    await quick.deliver('order_confirmed', statusChanged('fulfilling'), 'cause-quick');
    assert.equal(warnings.length, 1);
  });

  it('when recording fails for a reason waiting cannot fix, then the handler fails at once', async () => {
    const { deliver, saved } = world([new Error('schema says no')]);
    await assert.rejects(
      deliver('order_confirmed', statusChanged('fulfilling'), 'cause-1'),
      /schema says no/,
    );
    assert.equal(saved.length, 0);
  });

  it('when a notification already sent comes again, then nothing is sent and no claim is read', async () => {
    const { deliver, sent, claimReads } = world([], { status: 'sent' });
    await deliver('order_confirmed', statusChanged('fulfilling'), 'cause-2');
    assert.equal(sent.length, 0);
    assert.deepEqual(claimReads, []);
  });

  it('when a pending row exists (a retry), then its latest claim is read before claiming', async () => {
    const { deliver, claimReads } = world([], { status: 'pending' });
    await deliver('order_confirmed', statusChanged('fulfilling'), 'cause-3');
    assert.equal(claimReads.length, 1);
  });

  describe('when the previous holder of the claim never recorded its send', () => {
    const expired: ClaimRecord = { n: 1, until: new Date(Date.now() - 1_000), released: false };
    const lookup = (answer: string | undefined | Error) => {
      const asked: string[] = [];
      const sentLookup: SentMailLookup = {
        find: async (messageId) => {
          asked.push(messageId);
          if (answer instanceof Error) throw answer;
          return answer;
        },
      };
      return { sentLookup, asked };
    };

    it('when the provider accepted the email, then it is recorded as sent with its id and not sent again', async () => {
      const { sentLookup, asked } = lookup('mp-42');
      const w = world([], { status: 'pending', attempts: 1 }, { sentLookup }, expired);
      await w.deliver('order_confirmed', statusChanged('fulfilling'), 'cause-4');
      assert.equal(asked.length, 1);
      assert.match(asked[0] ?? '', /^<order_confirmed\.[0-9a-f]{32}@shop\.test>$/);
      assert.equal(w.sent.length, 0);
      assert.equal(w.saved[0]?.status, 'sent');
      assert.equal(w.saved[0]?.providerMessageId, 'mp-42');
      assert.equal(w.saved[0]?.attempts, 2);
    });

    it('when the provider has no such email, then it is sent', async () => {
      const { sentLookup } = lookup(undefined);
      const w = world([], { status: 'pending', attempts: 1 }, { sentLookup }, expired);
      await w.deliver('order_confirmed', statusChanged('fulfilling'), 'cause-5');
      assert.equal(w.sent.length, 1);
      assert.equal(w.saved[0]?.status, 'sent');
    });

    it('when the provider cannot answer, then nothing is sent, the claim is kept to expire and the error is retryable', async () => {
      const { sentLookup } = lookup(new Error('connect ECONNREFUSED'));
      const w = world([], { status: 'pending', attempts: 1 }, { sentLookup }, expired);
      await assert.rejects(
        w.deliver('order_confirmed', statusChanged('fulfilling'), 'cause-6'),
        (err: Error) => {
          assert.match(err.message, /earlier attempt/);
          assert.equal((err as { retryable?: boolean }).retryable, true);
          return true;
        },
      );
      assert.equal(w.sent.length, 0);
      assert.deepEqual(w.released, []);
    });

    it('when the previous claim was released after a deferred send, then the provider is not asked', async () => {
      const { sentLookup, asked } = lookup('mp-1');
      const releasedClaim = { ...expired, released: true };
      const w = world([], { status: 'pending', attempts: 1 }, { sentLookup }, releasedClaim);
      await w.deliver('order_confirmed', statusChanged('fulfilling'), 'cause-7');
      assert.equal(asked.length, 0);
      assert.equal(w.sent.length, 1);
    });
  });
});
