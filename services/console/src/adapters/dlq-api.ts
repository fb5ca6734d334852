import type { DlqEntry } from '@commerce-sync/messaging';
import { SERVICE_NAMES, type ServiceName } from '../config.ts';
import type { AdminApi } from './admin-api.ts';

/** A parked message as the DLQ routes return it (`body` only when one is shown). */
export type { DlqEntry } from '@commerce-sync/messaging';
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
