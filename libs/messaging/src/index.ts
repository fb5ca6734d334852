/**
 * RabbitMQ + MongoDB messaging for commerce-sync services: topology, outbox relay, idempotent
 * inbox, retry tiers, DLQ operations, reconnection and graceful drain. See README.md.
 */
export { type AggregateFields, aggregatePlugin, type InboxMark } from './aggregate-plugin.ts';
export type { AggregateStore, ApplyOptions, ApplyResult, Mutate } from './aggregate-store.ts';
export type { CleanupOptions, CleanupResult } from './cleanup.ts';
export { AmqpUrlSchema, brokerUrls } from './connection.ts';
export { createDlqAdmin, type DlqAdmin, type DlqAdminOptions } from './dlq-admin.ts';
export type { DlqEntry, DlqFilter } from './dlq-entry.ts';
export { createDlqRouter } from './dlq-router.ts';
export type { Envelope } from './envelope.ts';
export { AggregateNotFound, BrokerUnavailable, MessageInvalid, VersionConflictPersisted } from './errors.ts';
export type { Handler, HandlerContext } from './handler-context.ts';
export { KeyedLock } from './keyed-lock.ts';
export { createMessaging, type HandleOptions, type Messaging, type MessagingHealth } from './messaging.ts';
export { type Names, namesFor } from './names.ts';
export type { Logger, MessagingOptions, RelayOptions } from './options.ts';
export type { OutboxRecord, OutgoingMessage } from './outbox-record.ts';
export { scanFields } from './scan-fields.ts';
export type { StandaloneOutbox } from './standalone-outbox.ts';
