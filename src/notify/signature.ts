// X-Mediavigil-Signature: `sha256=` and the hex HMAC-SHA256 of the exact body bytes, keyed with the
// webhook's secret. Receivers compute the same over the raw body and compare in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Mediavigil-Signature';

/** The header value for `body` signed with `secret`. */
export function signBody(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** True when `header` is the signature of `body` with `secret` (constant-time comparison). */
export function verifySignature(body: string | Buffer, secret: string, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
