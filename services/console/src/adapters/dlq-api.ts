import { SERVICE_NAMES, type ServiceName } from '../config.ts';
import type { AdminApi } from './admin-api.ts';

/** A parked message as the DLQ routes list it (libs/messaging/src/dlq-entry.ts). */
export interface DlqEntry {
  messageId: string;
  type: string;
  correlationId: string;
  reason: string;
  errorCode?: string;
  errorMessage?: string;
  attempts?: number;
  firstFailureAt?: string;
  deadLetteredAt?: string;
  headers: Record<string, unknown>;
  body?: string;
}

const isService = (s: string): s is ServiceName => (SERVICE_NAMES as readonly string[]).includes(s);

/** Each service's `/admin/dlq` routes (libs/messaging/src/dlq-router.ts). */
export function dlqApi(api: AdminApi) {
  return {
    services: api.services,
    isService: (s: string): s is ServiceName => isService(s) && api.services.includes(s),
    list: (service: ServiceName, who: string, limit = 100) =>
      api.get<{ queue: string; total: number; entries: DlqEntry[] }>(
        service,
        `/admin/dlq?limit=${limit}`,
        who,
      ),
    show: (service: ServiceName, messageId: string, who: string) =>
      api.get<DlqEntry>(service, `/admin/dlq/${encodeURIComponent(messageId)}`, who),
    act(service: string, messageId: string, action: 'replay' | 'discard', who: string) {
      if (!isService(service) || !api.services.includes(service))
        return Promise.resolve({ status: 404, ok: false, body: { title: 'no such queue' } });
      return api.post<{ replayed?: number; discarded?: number }>(service, `/admin/dlq/${action}`, who, {
        messageId,
      });
    },
  };
}
export type DlqApi = ReturnType<typeof dlqApi>;
