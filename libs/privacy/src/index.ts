/** Encryption at rest: envelope encryption with a rotating key ring, and blind indexes. */
export { blindIndex, normalise } from './blind-index.ts';
export { CiphertextUnreadable, createEnvelope, type Envelope } from './envelope.ts';
export { DEV_KEY_ID, KeyConfigInvalid, type KeyEnv, type KeyRing, keyRingFromEnv } from './key-ring.ts';
export { type RedactableDb, type RedactionTarget, redactDatabase } from './redact-database.ts';
export { mentions, personalValues, REDACTED, REDACTED_EMAIL, scrubPersonal } from './scrub.ts';
export { type RedactionHandlerOptions, redactOnRequest } from './redaction-handler.ts';
