// X-Mediavigil-Signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>` (the scheme of Stripe and
// others). The HMAC, keyed with the webhook's secret, covers `<t>.<raw body>`, so a captured request
// cannot be replayed later with its signature: the receiver recomputes the HMAC over the raw body,
// compares in constant time, and refuses a `t` more than SIGNATURE_TOLERANCE_SECONDS from its clock
// (X-Mediavigil-Delivery then dedupes within the window). Every attempt, retries too, is signed
// with the time it is sent. A receiver may see several v1= values (a future key rotation); one
// valid one suffices.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Mediavigil-Signature';

/** How far the signed time may be from the receiver's clock: 5 minutes, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The header value for `body` sent at `unixSeconds`, signed with `secret`. */
export function signBody(body: string | Buffer, secret: string, unixSeconds: number): string {
  const t = Math.floor(unixSeconds);
  return `t=${t},v1=${signatureOf(t, body, secret)}`;
}

/** How a receiver checks: its clock (seconds) and the window (default SIGNATURE_TOLERANCE_SECONDS). */
export interface VerifyOptions {
  nowSeconds?: number;
  toleranceSeconds?: number;
}

/** True when `header` signs `body` with `secret` at a time within the window (constant-time comparison). */
export function verifySignature(body: string | Buffer, secret: string, header: string | undefined, options: VerifyOptions = {}): boolean {
  if (header === undefined) return false;
  const fields = header.split(',').map((part) => part.trim().split('=') as [string, string?]);
  const times = fields.filter(([key, value]) => key === 't' && value !== undefined && /^\d{1,12}$/.test(value));
  if (times.length !== 1) return false;
  const t = Number(times[0]?.[1]);
  const now = options.nowSeconds ?? Date.now() / 1000;
  if (Math.abs(now - t) > (options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(signatureOf(t, body, secret));
  return fields.some(([key, value]) => {
    if (key !== 'v1' || value === undefined) return false;
    const given = Buffer.from(value);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function signatureOf(t: number, body: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}
