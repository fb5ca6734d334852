/**
 * Asks the mail provider whether it accepted a message, by its Message-ID. SMTP has no
 * idempotency key: when a sender dies between the server's "250 queued" and the record of
 * it, the next holder of the notification cannot know from our side whether the email left.
 * A provider with a message search can say so, and the email is then recorded, not re-sent.
 */
export interface SentMailLookup {
  /** The provider's id of the accepted message, or undefined when it has none with this Message-ID. Throws when it cannot tell. */
  find(messageId: string): Promise<string | undefined>;
}

interface MailpitSearch {
  messages?: { ID: string; MessageID: string }[];
}

/**
 * mailpit's search API (`message-id:` filter). Its filter matches parts of ids, so the
 * answer is compared whole here. mailpit stores a message before it answers 250.
 */
export function createMailpitLookup(apiUrl: string, timeoutMs = 5_000): SentMailLookup {
  const base = apiUrl.replace(/\/+$/, '');
  return {
    async find(messageId) {
      const bare = messageId.replace(/^<|>$/g, '');
      const url = `${base}/api/v1/search?limit=10&query=${encodeURIComponent(`message-id:"${bare}"`)}`;
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`mailpit search answered ${res.status}`);
      const body = (await res.json()) as MailpitSearch;
      return body.messages?.find((m) => m.MessageID === bare)?.ID;
    },
  };
}
