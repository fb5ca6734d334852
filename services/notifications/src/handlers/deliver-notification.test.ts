import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NotificationLog, NotificationLogDoc } from '../adapters/notification-log.ts';
import type { PreferencesStore } from '../adapters/preferences-store.ts';
import type { Mailer } from '../adapters/smtp-mailer.ts';
import { statusChanged } from '../testing/order-events.ts';
import { createDeliverNotification, type DeliverDeps } from './deliver-notification.ts';

/** The driver's error when a database restart cleared the pool under an operation. */
function poolCleared(): Error {
  const err = new Error('Connection pool for 127.0.0.1:27017 was cleared');
  err.name = 'MongoPoolClearedError';
  return err;
}

function world(saveFailures: Error[]) {
  const saved: Partial<NotificationLogDoc>[] = [];
  const sent: string[] = [];
  const log = {
    ensure: async (row: NotificationLogDoc) => ({ row, created: true }),
    latestClaim: async () => null,
    claim: async () => true,
    get: async () => null,
    release: async () => ({}),
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
  };
  return { deliver: createDeliverNotification(deps), saved, sent };
}

describe('deliver notification', () => {
  it('when recording a sent email meets a database blip, then the record is retried in place and the email goes once', async () => {
    const { deliver, saved, sent } = world([poolCleared(), poolCleared()]);
    await deliver('order_confirmed', statusChanged('fulfilling'), 'cause-1');
    assert.equal(sent.length, 1);
    assert.equal(saved.length, 1);
    assert.equal(saved[0]?.status, 'sent');
  });

  it('when recording fails for a reason waiting cannot fix, then the handler fails at once', async () => {
    const { deliver, saved } = world([new Error('schema says no')]);
    await assert.rejects(
      deliver('order_confirmed', statusChanged('fulfilling'), 'cause-1'),
      /schema says no/,
    );
    assert.equal(saved.length, 0);
  });
});
