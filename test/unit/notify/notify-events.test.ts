// Which catalog events become webhooks, their payload and backoff, and the webhook config checks.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { type ConfigError, loadConfig } from '../../../src/config/load.js';
import { retryDelayMs } from '../../../src/notify/backoff.js';
import { catalogPayload } from '../../../src/notify/payload.js';
import { webhookEventOf } from '../../../src/notify/webhook-events.js';
import type { CatalogEvent } from '../../../src/types.js';
import { fakeRecord } from '../../helpers/grpc-fake-backend.js';
import { tmp, ROOT } from './notify-fixtures.js';

describe('webhook events', () => {
  test('a change into CORRUPT or UNREADABLE, bitrot, an unavailable root, a finished sweep and the end of a replacement are sent; nothing else', () => {
    const at = (fields: Partial<CatalogEvent>): CatalogEvent => ({ seq: 1, time: 0, type: 'verdict-changed', path: `${ROOT}/x`, ...fields });
    assert.equal(webhookEventOf(at({ verdict: 'CORRUPT', previousVerdict: 'OK' })), 'corrupt');
    assert.equal(webhookEventOf(at({ type: 'file-added', verdict: 'CORRUPT' })), 'corrupt');
    assert.equal(webhookEventOf(at({ type: 'file-changed', verdict: 'CORRUPT', previousVerdict: 'CORRUPT' })), undefined, 'still corrupt is old news');
    assert.equal(webhookEventOf(at({ verdict: 'UNREADABLE', previousVerdict: 'OK' })), 'unreadable');
    assert.equal(webhookEventOf(at({ type: 'bitrot-suspected', verdict: 'CORRUPT', previousVerdict: 'OK' })), 'bitrot');
    assert.equal(webhookEventOf(at({ type: 'root-unavailable', path: ROOT })), 'root-unavailable');
    assert.equal(webhookEventOf(at({ type: 'sweep-finished', path: undefined, detail: '{}' })), 'sweep-finished');
    assert.equal(webhookEventOf(at({ type: 'file-missing', verdict: 'CORRUPT', previousVerdict: 'CORRUPT' })), undefined);
    assert.equal(webhookEventOf(at({ verdict: 'WARNING', previousVerdict: 'OK' })), undefined);
    assert.equal(webhookEventOf(at({ type: 'bitrot-accepted', verdict: 'OK', previousVerdict: 'CORRUPT' })), undefined);
    assert.equal(webhookEventOf(at({ type: 'replace-failed' })), 'replace-failed');
    assert.equal(webhookEventOf(at({ type: 'replace-verified' })), 'replace-verified');
    assert.equal(webhookEventOf(at({ type: 'replace-requested' })), undefined, 'asking the *arr is no news yet');
  });

  test('a replacement that gave up carries its reason in `replace` and the summary', () => {
    const detail = { service: 'sonarr', reason: 'max_attempts (3) bad replacements', attempts: 3 };
    const event: CatalogEvent = { seq: 9, time: 0, type: 'replace-failed', path: `${ROOT}/tv/e1.mkv`, detail };
    const payload = catalogPayload('id-2', 'replace-failed', event, undefined);
    assert.deepEqual(payload.replace, detail);
    assert.equal(payload.summary, `replacing ${ROOT}/tv/e1.mkv gave up: max_attempts (3) bad replacements on ${payload.host}`);
    const verified = { service: 'sonarr', item: 'Show S01E01', replacement: `${ROOT}/tv/e1.WEB.mkv`, attempt: 2 };
    const worked = catalogPayload('id-3', 'replace-verified', { ...event, type: 'replace-verified', detail: verified }, undefined);
    assert.deepEqual(worked.replace, verified);
    assert.equal(worked.summary, `${ROOT}/tv/e1.mkv was replaced by sonarr with ${ROOT}/tv/e1.WEB.mkv, which checked OK on ${worked.host}`);
  });

  test('the payload names the file with a link, its issues, and one line for people', () => {
    const event: CatalogEvent = {
      seq: 7,
      time: Date.UTC(2024, 4, 1),
      type: 'verdict-changed',
      path: `${ROOT}/films/a b.mkv`,
      verdict: 'CORRUPT',
      previousVerdict: 'OK',
    };
    const record = fakeRecord(event.path as string, ROOT, {
      verdict: 'CORRUPT',
      issues: [
        { code: 'DECODE_ERROR', message: 'bad slice', position: { seconds: 12.5 } },
        { code: 'DECODER_WARNING', message: 'meh', ignored: true },
      ],
    });
    const payload = catalogPayload('id-1', 'corrupt', event, record);
    assert.deepEqual(
      { ...payload, host: 'h', mediavigil_version: 'v' },
      {
        id: 'id-1',
        event: 'corrupt',
        time: '2024-05-01T00:00:00.000Z',
        host: 'h',
        mediavigil_version: 'v',
        sequence: 7,
        path: `${ROOT}/films/a b.mkv`,
        file_url: 'file:///srv/media/films/a%20b.mkv',
        root: ROOT,
        kind: 'video',
        verdict: 'CORRUPT',
        previous_verdict: 'OK',
        issues: [{ code: 'DECODE_ERROR', message: 'bad slice', seconds: 12.5 }],
        summary: `CORRUPT: ${ROOT}/films/a b.mkv (DECODE_ERROR) on ${payload.host}`,
      },
    );
  });

  test('retries wait twice as long after each failure, up to the cap', () => {
    const retry = { initialSeconds: 10, maxSeconds: 60, maxAttempts: 30 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 40].map((failures) => retryDelayMs(failures, retry)),
      [10_000, 20_000, 40_000, 60_000, 60_000, 60_000],
    );
  });
});

describe('webhook config', () => {
  test('every problem of a webhook entry is reported with its path', () => {
    const file = path.join(tmp, 'webhooks.yaml');
    fs.writeFileSync(
      file,
      `
state_dir: ${tmp}/cfg-state
webhooks:
  - { url: "ftp://example.com/x" }
  - { url: "https://example.com/x", secret: a, secret_file: /etc/s }
  - { url: "https://example.com/y", events: [corrupt, everything], timeout_seconds: 0, retry: { max_attempts: 0 } }
  - { urll: "https://example.com/z" }
`,
    );
    assert.throws(
      () => loadConfig({ configFile: file, env: {} }),
      (error: ConfigError) => {
        assert.deepEqual(error.problems, [
          'webhooks[0].url: must be an http or https URL like https://example.com/hook (got "ftp://example.com/x")',
          'webhooks[1]: give secret or secret_file, not both',
          'webhooks[2].events[1]: must be one of corrupt, unreadable, bitrot, root-unavailable, sweep-finished, watcher-failed, file-restored, restore-failed, replace-verified, replace-failed (got "everything")',
          'webhooks[2].timeout_seconds: must be a number of seconds > 0 and <= 600 (got 0)',
          'webhooks[2].retry.max_attempts: must be a whole number from 1 to 10000 (got 0)',
          'webhooks[3].urll: unknown key (did you mean "url"?)',
          'webhooks[3].url: is required',
        ]);
        return true;
      },
    );
  });
});
