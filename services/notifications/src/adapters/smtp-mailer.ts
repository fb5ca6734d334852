import { scrubText } from '@commerce-sync/telemetry';
import nodemailer from 'nodemailer';
import type { SendResult } from '../domain/notification-claim.ts';

export interface OutgoingEmail {
  /** Overrides the mailer's default sender (the shop's sender name at our address). */
  from?: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Deterministic per (order, kind): a re-send after a crash is the same message to receivers. */
  messageId: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Never throws for SMTP failures: says whether the mail was sent, rejected for good or deferred. */
  send(mail: OutgoingEmail): Promise<SendResult>;
  close(): void;
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/**
 * 5xx is the server's final answer (550 no such mailbox, 554 rejected content): retrying
 * cannot help. Authentication (535) is our configuration, not the message: it is deferred so
 * the messages wait in the retry tiers while someone fixes it. Everything else (connection
 * refused, timeouts, 4xx greylisting) is transient.
 */
export function classifySmtpError(err: SmtpError): 'rejected' | 'deferred' {
  if (err.code === 'EAUTH') return 'deferred';
  if (typeof err.responseCode === 'number' && err.responseCode >= 500) return 'rejected';
  if (err.code === 'EENVELOPE' && err.responseCode === undefined) return 'rejected';
  return 'deferred';
}

/** The server's queue id when it says one ("250 2.0.0 Ok: queued as 1A2B3C"), else the Message-ID. */
function providerIdOf(info: { response?: string; messageId?: string }): string {
  return /queued as\s+<?([^\s>]+)/i.exec(info.response ?? '')?.[1] ?? info.messageId ?? 'unknown';
}

export function createSmtpMailer(opts: { url: string; from: string }): Mailer {
  // Short timeouts: a hung server must fail well inside the notification claim's lease.
  const transport = nodemailer.createTransport({
    url: opts.url,
    pool: true,
    maxConnections: 5,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 15_000,
  });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({ from: opts.from, ...mail });
        return { outcome: 'sent', providerMessageId: providerIdOf(info) };
      } catch (err) {
        const e = err as SmtpError;
        // The server's text names the recipient: scrub it before it reaches the log or the row.
        const reason = scrubText(`${e.code ?? 'SMTP'} ${e.responseCode ?? ''} ${e.message ?? ''}`.trim());
        return { outcome: classifySmtpError(e), reason };
      }
    },
    close: () => transport.close(),
  };
}
