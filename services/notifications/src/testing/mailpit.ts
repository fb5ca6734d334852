import { infraUrls } from '@commerce-sync/test/support/infra';

export interface MailSummary {
  ID: string;
  MessageID: string;
  Subject: string;
  To: { Address: string }[];
}

/** Mailpit's HTTP API, always filtered by one recipient (every test uses its own addresses). */
export function mailpit(apiUrl = infraUrls().mailpitApi) {
  const base = apiUrl.replace(/\/$/, '');
  const query = (to: string) => `query=${encodeURIComponent(`to:"${to}"`)}`;
  return {
    async messagesTo(to: string): Promise<MailSummary[]> {
      const res = await fetch(`${base}/api/v1/search?${query(to)}&limit=200`);
      if (!res.ok) throw new Error(`mailpit search: ${res.status}`);
      return ((await res.json()) as { messages: MailSummary[] }).messages;
    },
    async message(id: string): Promise<{ Text: string; HTML: string; Subject: string }> {
      const res = await fetch(`${base}/api/v1/message/${id}`);
      if (!res.ok) throw new Error(`mailpit message: ${res.status}`);
      return (await res.json()) as { Text: string; HTML: string; Subject: string };
    },
    async headers(id: string): Promise<Record<string, string[]>> {
      const res = await fetch(`${base}/api/v1/message/${id}/headers`);
      return (await res.json()) as Record<string, string[]>;
    },
    async deleteTo(to: string): Promise<void> {
      await fetch(`${base}/api/v1/search?${query(to)}`, { method: 'DELETE' }).catch(() => {});
    },
  };
}
