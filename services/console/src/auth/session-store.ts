import { createHash, randomBytes } from 'node:crypto';
import { type Connection, type Model, Schema } from 'mongoose';

/** A signed-in person, server-side; the browser holds only a random id. */
export interface Session {
  sub: string;
  name: string;
  roles: Role[];
  csrf: string;
  /** Kept for the provider's end-session request (`id_token_hint`); never sent to the browser. */
  idToken: string;
  createdAt: Date;
  lastSeenAt: Date;
}
export type Role = 'viewer' | 'operator';

/** The pending sign-in of one browser: PKCE verifier, state and nonce, used once. */
export interface LoginTransaction {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
  createdAt: Date;
}

const SessionSchema = new Schema(
  {
    _id: String,
    sub: String,
    name: String,
    roles: [String],
    csrf: String,
    idToken: String,
    createdAt: Date,
    lastSeenAt: Date,
  },
  { versionKey: false },
);
const LoginSchema = new Schema(
  { _id: String, verifier: String, state: String, nonce: String, returnTo: String, createdAt: Date },
  { versionKey: false },
);

/** Random id for the cookie; only its hash is stored, so a read of the store signs nobody in. */
export const newId = () => randomBytes(32).toString('base64url');
const key = (id: string) => createHash('sha256').update(id).digest('base64url');

export interface SessionStore {
  create(id: string, s: Session): Promise<void>;
  find(id: string): Promise<Session | null>;
  touch(id: string, at: Date): Promise<void>;
  destroy(id: string): Promise<void>;
  saveLogin(id: string, t: LoginTransaction): Promise<void>;
  /** Returns the transaction and deletes it: a callback can be used once. */
  takeLogin(id: string): Promise<LoginTransaction | null>;
}

/** Sessions in MongoDB, read by `_id` only; expiry is checked on read (the local store has no TTL index). */
export function mongoSessionStore(connection: Connection): SessionStore {
  const sessions =
    (connection.models.ConsoleSession as Model<Session & { _id: string }> | undefined) ??
    connection.model<Session & { _id: string }>('ConsoleSession', SessionSchema, 'sessions');
  const logins =
    (connection.models.ConsoleLogin as Model<LoginTransaction & { _id: string }> | undefined) ??
    connection.model<LoginTransaction & { _id: string }>('ConsoleLogin', LoginSchema, 'logins');
  return {
    async create(id, s) {
      await sessions.create({ _id: key(id), ...s });
    },
    async find(id) {
      return sessions.findById(key(id), { _id: 0 }).lean<Session>();
    },
    async touch(id, at) {
      await sessions.updateOne({ _id: key(id) }, { $set: { lastSeenAt: at } });
    },
    async destroy(id) {
      await sessions.deleteOne({ _id: key(id) });
    },
    async saveLogin(id, t) {
      await logins.create({ _id: key(id), ...t });
    },
    async takeLogin(id) {
      return logins.findOneAndDelete({ _id: key(id) }, { projection: { _id: 0 } }).lean<LoginTransaction>();
    },
  };
}
