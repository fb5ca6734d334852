import { createHash } from 'node:crypto';

/**
 * The same Message-ID for every attempt of one (order, kind): if we crash after the SMTP
 * server accepted a mail but before we recorded it, the re-send is recognisably the same
 * message (mailbox providers collapse duplicates by Message-ID). Hashed so it leaks nothing.
 */
export function emailMessageId(orderId: string, kind: string, mailFrom: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'commerce-sync.invalid';
  const digest = createHash('sha256').update(`${orderId}\n${kind}`).digest('hex').slice(0, 32);
  return `<${kind}.${digest}@${domain}>`;
}
