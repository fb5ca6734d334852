import { scrubValue } from '@commerce-sync/telemetry';

/** `ada@example.com` → `a•••@example.com`: enough to tell two customers apart in a list. */
export function maskEmail(email: string | undefined): string {
  if (!email) return '';
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

/**
 * A dead letter's body for display: JSON with personal fields and any email or card number
 * in a value censored (the same rules as the logs); a body that is not JSON is shown only
 * as its length, since nothing can be said about what it holds.
 */
export function redactBody(body: string | undefined): string {
  if (!body) return '';
  try {
    return JSON.stringify(scrubValue(JSON.parse(body)), null, 2);
  } catch {
    return `(${Buffer.byteLength(body)} bytes, not JSON: hidden)`;
  }
}

/** Message headers for display, with the same redaction (error messages may quote an email). */
export function redactHeaders(headers: Record<string, unknown>): string {
  return JSON.stringify(scrubValue(headers), null, 2);
}
