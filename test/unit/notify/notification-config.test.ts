// The notifications section of the config: every scheme of the README parses; an unknown scheme
// or a malformed URL is a problem named by its entry, and no message repeats the URL's secret.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { type ConfigError, loadConfig } from '../../../src/config/load.js';
import { PROBLEM_EVENTS } from '../../../src/config/types.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mv-notification-config-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const SECRET = 'Sup3rS3cretPassw0rd';

describe('notification config', () => {
  test('an unknown scheme and a malformed URL are config errors naming the entry, never the secret', () => {
    const file = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(
      file,
      `state_dir: ${tmp}/cfg-state
notifications:
  targets:
    - url: ntfy://ntfy.example.org/media-alerts
    - url: "matrix://user:${SECRET}@matrix.example.org/"
    - url: "smtp://user:${SECRET}@mail.example.org:587/?to=me@example.org"
    - url: "not a url"
      events: [corrupt, everything]
  ping_url: "ftp://hc.example.org/ping/${SECRET}"
`,
    );
    assert.throws(
      () => loadConfig({ configFile: file, env: {} }),
      (error: ConfigError) => {
        assert.deepEqual(error.problems, [
          'notifications.targets[1].url: has the unknown scheme "matrix://"; use one of ntfy://, gotify://, discord://, slack://, telegram://, pushover://, smtp://, generic://, generic+http://, generic+https://',
          'notifications.targets[2].url: is a malformed smtp:// URL: needs from=ADDRESS',
          'notifications.targets[3].url: must be a notification URL like ntfy://ntfy.sh/my-topic (scheme://...)',
          'notifications.targets[3].events[1]: must be one of corrupt, unreadable, bitrot, root-unavailable, sweep-finished, watcher-failed, file-restored, restore-failed, replace-verified, replace-failed (got "everything")',
          'notifications.ping_url: must be an http or https URL like https://hc-ping.com/<uuid>',
        ]);
        assert.ok(!error.message.includes(SECRET));
        return true;
      },
    );
  });

  test('every scheme of the README parses', () => {
    const file = path.join(tmp, 'good.yaml');
    fs.writeFileSync(
      file,
      `state_dir: ${tmp}/cfg-state
notifications:
  targets:
    - url: ntfy://ntfy.example.org/media-alerts
    - url: ntfy://user:pass@ntfy.lan:8080/media?scheme=http
    - url: gotify://gotify.example.org/AzyoeNS.D4iJLVa
    - url: discord://token@693853386302554172
    - url: slack://hook:WNA3PBYV6-F20DUQND3RQ-Webc4MAvoacrpPakR8phF0zi@webhook
    - url: telegram://110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw@telegram?chats=@media
    - url: pushover://shoutrrr:apitoken@userkey/?devices=phone
    - url: smtp://user:pass@mail.example.org:587/?from=mv@example.org&to=me@example.org
    - url: generic://example.org/hook?template=json
    - url: generic+http://192.168.1.5:8123/api/webhook/mediavigil
  batch_seconds: 60
  digest: "0 8 * * 1"
  ping_url: https://hc-ping.com/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278
`,
    );
    const config = loadConfig({ configFile: file, env: {} });
    assert.equal(config.notifications.targets.length, 10);
    assert.deepEqual(config.notifications.targets[0]?.events, [...PROBLEM_EVENTS]);
    assert.equal(config.notifications.digest, '0 8 * * 1');
  });
});
