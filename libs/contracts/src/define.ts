import type { z } from 'zod';

/** Commands ask one service to do something; events state a fact to whoever listens. */
export type MessageKind = 'command' | 'event';

export interface Contract<T extends string = string, S extends z.ZodType = z.ZodType> {
  /** Routing key and AMQP `type`: `<aggregate>.<verb-past>` for events, `<aggregate>.<verb>` for commands. */
  readonly type: T;
  /** Carried as the `x-schema-version` header; bump on a breaking change of the body. */
  readonly version: number;
  readonly kind: MessageKind;
  /** Validates the body on publish and on consume. */
  readonly schema: S;
  /** One line for humans: who sends it and what it means. */
  readonly description: string;
}

export function command<T extends string, S extends z.ZodType>(
  type: T,
  schema: S,
  description: string,
  version = 1,
) {
  return { type, version, kind: 'command', schema, description } as const satisfies Contract<T, S>;
}

export function event<T extends string, S extends z.ZodType>(
  type: T,
  schema: S,
  description: string,
  version = 1,
) {
  return { type, version, kind: 'event', schema, description } as const satisfies Contract<T, S>;
}
