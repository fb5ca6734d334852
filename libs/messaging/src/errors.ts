import { AppError } from '@commerce-sync/errors';

/** Messaging's own facts, as AppErrors so `toAppError` passes them through unchanged. */
export class AggregateNotFound extends AppError {
  constructor(collection: string, id: string) {
    super('NOT_FOUND', `${collection} ${id} does not exist`, {
      help: 'pass `create` to apply() when the message may be the first one for this id',
    });
  }
}

export class VersionConflictPersisted extends AppError {
  constructor(collection: string, id: string, attempts: number) {
    super('CONFLICT', `${collection} ${id} kept changing under us (${attempts} attempts)`, {
      retryable: true,
      help: 'a hot aggregate: the message is retried through the retry tiers',
    });
  }
}

export class MessageInvalid extends AppError {
  constructor(reason: string) {
    super('VALIDATION_FAILED', reason, { help: 'fix the producer or the contract' });
  }
}

export class BrokerUnavailable extends AppError {
  constructor(message = 'not connected to RabbitMQ') {
    super('UPSTREAM_UNAVAILABLE', message, { api: 'rabbitmq' });
  }
}

export class MessageUnroutable extends AppError {
  constructor(exchange: string, routingKey: string) {
    super('UPSTREAM_UNAVAILABLE', `no queue bound for ${routingKey} on ${exchange}`, {
      api: 'rabbitmq',
      help: 'the consuming service has not declared its queue yet; the outbox keeps the message',
    });
  }
}
