// A webhook receiver's side of X-Mediavigil-Signature, written from README's description and not
// from src/notify/signature.ts, so the tests check what a receiver in any language would do:
// split `t=...,v1=...`, refuse a t outside 5 minutes, HMAC-SHA256 over `t.` + raw body, compare
// in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The freshness window README promises. */
export const RECEIVER_WINDOW_SECONDS = 5 * 60;

/** True when a receiver following README accepts `header` for `body` at `nowSeconds`. */
export function receiverAccepts(body: string, secret: string, header: string | undefined, nowSeconds = Date.now() / 1000): boolean {
  if (header === undefined) return false;
  const pairs = header.split(',').map((part) => part.split('='));
  const t = pairs.find(([key]) => key === 't')?.[1];
  if (t === undefined || !/^\d+$/.test(t) || Math.abs(nowSeconds - Number(t)) > RECEIVER_WINDOW_SECONDS) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  return pairs.some(([key, value]) => key === 'v1' && value !== undefined && value.length === expected.length && timingSafeEqual(Buffer.from(value), expected));
}
