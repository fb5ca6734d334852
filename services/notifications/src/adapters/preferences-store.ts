import { type Connection, Schema } from 'mongoose';

interface PreferenceDoc {
  /** Keyed hash of the customer's email: the address itself is never stored. */
  _id: string;
  progressEmails: boolean;
  updatedAt: Date;
}

const schema = new Schema<PreferenceDoc>(
  {
    _id: String,
    progressEmails: { type: Boolean, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'preferences', versionKey: false },
);

/** Per-recipient choices: today only "no delivery progress emails". */
export interface PreferencesStore {
  wantsProgressEmails(recipientHash: string): Promise<boolean>;
  stopProgressEmails(recipientHash: string, now: Date): Promise<void>;
}

export function createPreferencesStore(connection: Connection): PreferencesStore {
  const Preference = connection.model<PreferenceDoc>('Preference', schema);
  return {
    async wantsProgressEmails(recipientHash) {
      const doc = await Preference.findById(recipientHash).lean();
      return doc?.progressEmails ?? true;
    },
    async stopProgressEmails(recipientHash, now) {
      await Preference.updateOne(
        { _id: recipientHash },
        { $set: { progressEmails: false, updatedAt: now } },
        { upsert: true },
      );
    },
  };
}
