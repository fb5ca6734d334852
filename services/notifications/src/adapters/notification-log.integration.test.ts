import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { infraUrls } from '@commerce-sync/test/support/infra';
import mongoose from 'mongoose';
import { createNotificationLog, type NotificationLog } from './notification-log.ts';

describe('notifications: the claims of a row are read by _id', () => {
  let db: mongoose.Connection;
  let log: NotificationLog;
  const filters: Record<string, unknown>[] = [];
  before(async () => {
    const name = `t_notif_claims_${randomBytes(4).toString('hex')}`;
    db = await mongoose
      .createConnection(`${infraUrls().mongo.replace(/\/$/, '')}/${name}`, { monitorCommands: true })
      .asPromise();
    db.getClient().on('commandStarted', (e) => {
      if (e.commandName === 'find' && e.command.find === 'notification_claims')
        filters.push(e.command.filter);
    });
    log = createNotificationLog(db);
    await log.init();
  });
  after(async () => {
    await db.dropDatabase().catch(() => {});
    await db.close();
  });

  it('when a row has had three claims, then the latest is the third, found by _id lookups alone', async () => {
    const id = 'shop.test:1|order_confirmed';
    const at = new Date();
    for (const n of [1, 2, 3]) assert.equal(await log.claim(id, n, `owner-${n}`, at, 60_000), true);
    await log.claim('shop.test:2|order_confirmed', 1, 'other', at, 60_000);
    filters.length = 0;

    const latest = await log.latestClaim(id);

    assert.equal(latest?.n, 3);
    assert.equal(latest?.owner, 'owner-3');
    assert.ok(filters.length > 0);
    for (const f of filters)
      assert.deepEqual(Object.keys(f), ['_id'], 'a lone _id filter (served by the _id index)');
  });

  it('when a row has no claim, then there is no latest claim', async () => {
    assert.equal(await log.latestClaim('shop.test:3|order_confirmed'), null);
  });
});
