import type { ServiceName } from '../config.ts';
import type { AdminTokens } from './admin-token.ts';

/** What a service answered: the status and the parsed JSON (or null). */
export interface AdminAnswer<T = unknown> {
  status: number;
  ok: boolean;
  body: T | null;
}

/** The services' admin APIs, called with a fresh console-signed token per request. */
export interface AdminApi {
  readonly services: ServiceName[];
  get<T>(service: ServiceName, path: string, operatorId: string): Promise<AdminAnswer<T>>;
  post<T>(service: ServiceName, path: string, operatorId: string, body?: unknown): Promise<AdminAnswer<T>>;
}

/** A service the console was not configured for, or that did not answer. */
export class ServiceUnreachable extends Error {
  readonly code = 'SERVICE_UNREACHABLE';
  readonly service: string;
  constructor(service: string) {
    super(`${service} did not answer`);
    this.service = service;
  }
}

export function createAdminApi(
  urls: Partial<Record<ServiceName, string>>,
  tokens: AdminTokens,
  timeoutMs = 5_000,
): AdminApi {
  async function call<T>(service: ServiceName, path: string, operatorId: string, init: RequestInit) {
    const base = urls[service];
    if (!base) throw new ServiceUnreachable(service);
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        ...init,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${await tokens.forOperator(operatorId)}`,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new ServiceUnreachable(service);
    }
    const text = await res.text();
    let body: T | null = null;
    try {
      body = text ? (JSON.parse(text) as T) : null;
    } catch {
      body = null;
    }
    return { status: res.status, ok: res.ok, body };
  }
  return {
    services: Object.keys(urls) as ServiceName[],
    get: (service, path, operatorId) => call(service, path, operatorId, { method: 'GET' }),
    post: (service, path, operatorId, body) =>
      call(service, path, operatorId, {
        method: 'POST',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}
