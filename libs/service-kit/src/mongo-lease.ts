import { hostname } from 'node:os';
import type { Connection } from 'mongoose';
import type { RunCoordinator } from 'node-cron';

interface LeaseDoc {
  _id: string;
  holder: string;
  slot: string;
  expiresAt: Date;
}

const SLOT_RETENTION_MS = 24 * 60 * 60 * 1000;

/** An instance identity unique per process (host + pid + random suffix). */
export const defaultHolderId = () => `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

/**
 * node-cron 4 RunCoordinator backed by a `leases` collection: one document per job,
 * `{ _id: job, holder, slot, expiresAt }`. A replica may run a slot when it already holds
 * the lease or the lease expired, and the slot was not run yet; the check and the claim
 * are one findOneAndUpdate (upsert), then the slot is claimed by inserting `<job>:<slot>`
 * into `lease_slots` (unique _id). No TTL index: FerretDB has none, and an
 * explicit `expiresAt` compared at claim time is exact where a TTL monitor runs once a minute.
 */
export class MongoLeaseCoordinator implements RunCoordinator {
  readonly #connection: Connection;
  readonly #holder: string;
  readonly #job: string;
  readonly #now: () => number;

  constructor(connection: Connection, job: string, holder: string = defaultHolderId(), now = Date.now) {
    this.#connection = connection;
    this.#job = job;
    this.#holder = holder;
    this.#now = now;
  }

  get holder(): string {
    return this.#holder;
  }

  /** `key` is node-cron's `<name>:<slot ISO time>`; `ttlMs` its `distributedLease`. */
  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const now = new Date(this.#now());
    const leases = this.#connection.collection<LeaseDoc>('leases');
    try {
      const claimed = await leases.findOneAndUpdate(
        {
          _id: this.#job,
          slot: { $ne: key },
          $or: [{ holder: this.#holder }, { expiresAt: { $lte: now } }],
        },
        { $set: { holder: this.#holder, slot: key, expiresAt: new Date(now.getTime() + ttlMs) } },
        { upsert: true, returnDocument: 'after' },
      );
      if (claimed?.holder !== this.#holder || claimed.slot !== key) return false;
      return await this.#claimSlot(key, now);
    } catch (err) {
      // The upsert collides with the unique _id when another replica holds the lease.
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  // FerretDB v1 does not make a filtered update atomic against a concurrent one, so two
  // replicas could both "win" the lease at an expiry. An insert on a unique _id is atomic
  // there too: the slot row is the final arbiter of "this tick runs once".
  async #claimSlot(key: string, now: Date): Promise<boolean> {
    const slots = this.#connection.collection<{ _id: string; holder: string; at: Date }>('lease_slots');
    await slots.insertOne({ _id: key, holder: this.#holder, at: now });
    if (Math.random() < 0.01) {
      await slots.deleteMany({ at: { $lt: new Date(now.getTime() - SLOT_RETENTION_MS) } }).catch(() => {});
    }
    return true;
  }

  /** Gives the lease up (on shutdown) so another replica takes over at its next tick. */
  async release(): Promise<void> {
    await this.#connection
      .collection<LeaseDoc>('leases')
      .updateOne({ _id: this.#job, holder: this.#holder }, { $set: { expiresAt: new Date(0) } });
  }
}
