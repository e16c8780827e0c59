// Webhook security: a signature that covers the time (a replayed request is refused after the
// 5-minute window), a secret_file only its owner may read, and loud warnings for plain http to
// another host and for short secrets.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { WebhookConfig } from '../../../src/config/types.js';
import { WEBHOOK_DEFAULTS } from '../../../src/config/defaults.js';
import { MvError } from '../../../src/errors.js';
import { MIN_SECRET_BYTES, resolveWebhooks, weaknesses } from '../../../src/notify/settings.js';
import { SIGNATURE_TOLERANCE_SECONDS, signBody, verifySignature } from '../../../src/notify/signature.js';
import { receiverAccepts } from '../../helpers/webhook-signature.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-webhook-security-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const LONG_SECRET = 'a'.repeat(64);

function webhook(url: string, overrides: Partial<WebhookConfig> = {}): WebhookConfig {
  return { ...(structuredClone(WEBHOOK_DEFAULTS) as Omit<WebhookConfig, 'url'>), url, ...overrides };
}

function secretFile(name: string, mode: number, text = `${LONG_SECRET}\n`): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  fs.chmodSync(file, mode);
  return file;
}

describe('webhook signature', () => {
  const now = 1_733_456_789;
  test('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "t." and the exact body>; anything else does not verify', () => {
    assert.equal(signBody('for nothing?', 'Jefe', 0), `t=0,v1=${createHmac('sha256', 'Jefe').update('0.for nothing?').digest('hex')}`);
    const signature = signBody('{"a":1}', 'secret', now);
    assert.match(signature, /^t=1733456789,v1=[0-9a-f]{64}$/);
    assert.equal(verifySignature('{"a":1}', 'secret', signature, { nowSeconds: now }), true);
    assert.equal(receiverAccepts('{"a":1}', 'secret', signature, now), true, 'a receiver following README accepts it');
    assert.equal(verifySignature('{"a":2}', 'secret', signature, { nowSeconds: now }), false);
    assert.equal(verifySignature('{"a":1}', 'other', signature, { nowSeconds: now }), false);
    assert.equal(verifySignature('{"a":1}', 'secret', undefined), false);
    const oldScheme = `sha256=${createHmac('sha256', 'secret').update('{"a":1}').digest('hex')}`;
    assert.equal(verifySignature('{"a":1}', 'secret', oldScheme, { nowSeconds: now }), false, 'the old scheme');
    assert.equal(verifySignature('{"a":1}', 'secret', signature.replace('t=1733456789', 't=1733456790'), { nowSeconds: now }), false, 'the time is signed');
  });

  test('a captured request replayed after the 5-minute window is refused', () => {
    const signature = signBody('{"a":1}', 'secret', now);
    assert.equal(SIGNATURE_TOLERANCE_SECONDS, 300);
    for (const later of [now + 300, now - 300]) assert.equal(verifySignature('{"a":1}', 'secret', signature, { nowSeconds: later }), true);
    for (const later of [now + 301, now - 301, now + 86_400]) {
      assert.equal(verifySignature('{"a":1}', 'secret', signature, { nowSeconds: later }), false);
      assert.equal(receiverAccepts('{"a":1}', 'secret', signature, later), false);
    }
  });
});

describe('webhook secret_file', () => {
  test('is refused when group or others may read it, with the chmod that fixes it', async () => {
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      const file = secretFile(`open-${mode.toString(8)}`, mode);
      await assert.rejects(resolveWebhooks([webhook('https://hooks.example.com/x', { name: 'chat', secretFile: file })]), (error: unknown) => {
        assert.ok(error instanceof MvError);
        assert.equal(error.code, 'MV_ERR_WEBHOOK_SECRET');
        assert.equal(
          error.message,
          `webhooks[0] (chat): secret_file ${file} has mode 0${mode.toString(8)}, so other users may read (or change) it; make it the mediavigil user's alone: chmod 600 ${file}`,
        );
        return true;
      });
    }
  });

  test('is read when only its owner may read it', async () => {
    for (const mode of [0o600, 0o400]) {
      const [settings] = await resolveWebhooks([webhook('https://hooks.example.com/x', { secretFile: secretFile(`own-${mode.toString(8)}`, mode) })]);
      assert.equal(settings?.secret, LONG_SECRET);
    }
  });
});

describe('webhook warnings', () => {
  test('plain http to another host and a secret under 32 bytes are warned about, each with what to do', async () => {
    const warnings: string[] = [];
    await resolveWebhooks([webhook('http://hooks.example.com/x', { name: 'lan', secret: 'short' })], (message) => warnings.push(message));
    assert.deepEqual(warnings, [
      'webhooks[0] (lan): http://hooks.example.com is plain http: anyone on the way can read the file names and see the signature; use https',
      `webhooks[0] (lan): the secret is 5 bytes, shorter than ${MIN_SECRET_BYTES}; use a random one (openssl rand -hex 32)`,
    ]);
  });

  test('https, loopback http and a long secret are fine', () => {
    assert.equal(MIN_SECRET_BYTES, 32);
    for (const url of ['https://hooks.example.com/x', 'http://127.0.0.1:8080/x', 'http://localhost/x', 'http://[::1]:9/x', 'http://127.1.2.3/x']) {
      assert.deepEqual(weaknesses(url, LONG_SECRET), [], url);
    }
    assert.deepEqual(weaknesses('https://h/x', 'b'.repeat(32)), []);
    assert.equal(weaknesses('https://h/x', 'b'.repeat(31)).length, 1);
    assert.equal(weaknesses('http://127.0.0.1.example.com/x', undefined).length, 1, 'a name that only starts like loopback');
  });
});
