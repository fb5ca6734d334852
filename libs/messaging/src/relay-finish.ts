import type { Collection, Document } from 'mongodb';
import type { OutboxRecord } from './outbox-record.ts';

const MAX_ATTEMPTS = 20;

/**
 * Removes the confirmed messages from the document and releases the claim, guarded by the
 * version like `apply`: a handler may have appended messages meanwhile, which must stay.
 */
export async function finishSent(
  collection: Collection,
  claimed: Document,
  sent: OutboxRecord[],
): Promise<void> {
  const sentIds = new Set(sent.map((r) => r.messageId));
  const token = claimed.outboxLeaseOwner;
  let current: Document | null = claimed;
  for (let attempt = 0; current && attempt < MAX_ATTEMPTS; attempt++) {
    const remaining = ((current.outbox ?? []) as OutboxRecord[]).filter((r) => !sentIds.has(r.messageId));
    const ours = current.outboxLeaseOwner === token;
    const res = await collection.updateOne(
      { _id: current._id, version: current.version },
      {
        $set: {
          outbox: remaining,
          outboxAt: remaining[0]?.createdAt ?? null,
          outboxLeaseOwner: ours ? null : current.outboxLeaseOwner,
          outboxLeaseUntil: ours ? null : current.outboxLeaseUntil,
        },
        $inc: { version: 1 },
      },
    );
    if (res.matchedCount === 1) return;
    current = await collection.findOne({ _id: current._id });
  }
  // Still not written: the lease expires and the messages go out again, absorbed by inboxes.
}
