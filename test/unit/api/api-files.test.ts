// ListFiles, GetFile, Recheck, Accept and ListDuplicates over a real socket: paging, filters,
// validation with the field named, and confinement of request paths to the configured roots.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { rejectsWith, TestClient } from '../../helpers/grpc-client.js';
import { startTestServer, type TestServer } from '../../helpers/grpc-server.js';

describe('file RPCs', () => {
  let t: TestServer;
  let client: TestClient;
  let media: string;
  let photos: string;
  before(async () => {
    t = await startTestServer();
    client = new TestClient(`unix:${t.socketPath}`);
    [media, photos] = t.roots as [string, string];
    for (let i = 0; i < 25; i++) t.backend.addFile(join(media, `film-${String(i).padStart(2, '0')}.mkv`), { verdict: i % 5 === 0 ? 'CORRUPT' : 'OK' });
    for (let i = 0; i < 5; i++)
      t.backend.addFile(join(photos, `p${i}.jpg`), {
        kind: 'image',
        hash: { algo: 'xxh3', hex: 'feedface' },
        stat: { size: 500, mtimeMs: 0, ctimeMs: 0, ino: 100 + i, dev: 1 },
      });
  });
  after(async () => {
    client.close();
    await t.stop();
  });

  it('pages through ListFiles with next_page_token until it is empty, in path order without repeats', async () => {
    const seen: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const response = await client.call('ListFiles', { page_size: 7, page_token: token });
      assert.ok(response.files.length <= 7);
      seen.push(...response.files.map((file: { path: string }) => file.path));
      token = response.next_page_token;
      pages += 1;
    } while (token !== '' && pages < 20);
    assert.equal(pages, 5);
    assert.equal(seen.length, 30);
    assert.deepEqual(seen, [...seen].sort());
    assert.equal(new Set(seen).size, 30);
  });

  it('filters by root, verdict and kind, and the filter survives paging', async () => {
    const filter = { root: media, verdicts: ['VERDICT_CORRUPT'] };
    const first = await client.call('ListFiles', { filter, page_size: 3 });
    assert.equal(first.files.length, 3);
    assert.ok(first.files.every((file: { verdict: string }) => file.verdict === 'VERDICT_CORRUPT'));
    const second = await client.call('ListFiles', { filter, page_size: 3, page_token: first.next_page_token });
    assert.equal(second.files.length, 2);
    assert.equal(second.next_page_token, '');
    const images = await client.call('ListFiles', { filter: { kinds: ['MEDIA_KIND_IMAGE'] } });
    assert.equal(images.files.length, 5);
    assert.equal(images.files[0].kind, 'MEDIA_KIND_IMAGE');
  });

  it('returns the record fields: timestamps, hash, probe, issues with positions', async () => {
    t.backend.addFile(join(media, 'zz-issue.mkv'), {
      verdict: 'WARNING',
      issues: [
        { code: 'DECODER_WARNING', message: 'odd frame', position: { seconds: 0 } },
        { code: 'TRUNCATED', message: 'cut', position: { byte: 123 }, ignored: true },
      ],
    });
    const { files } = await client.call('ListFiles', { filter: { path_prefix: join(media, 'zz-') } });
    assert.equal(files.length, 1);
    const [file] = files;
    assert.equal(file.modify_time.seconds, String(Math.floor(Date.UTC(2024, 0, 2, 3, 4, 5, 678) / 1000)));
    assert.equal(file.modify_time.nanos, 678_000_000);
    assert.deepEqual(file.hash, { algorithm: 'xxh3', hex: '0123456789abcdef' });
    assert.equal(file.probe.streams[0].codec, 'h264');
    assert.equal(file.issues[0].position_seconds, 0, 'a position at 0 s is kept, not dropped as a default');
    assert.equal(file.issues[0].position_byte, undefined);
    assert.equal(file.issues[1].position_byte, '123');
    assert.equal(file.issues[1].ignored, true);
    assert.equal(file.state, 'FILE_STATE_PRESENT');
  });

  it('refuses a negative page_size and a page token used with other filters, naming the field', async () => {
    await rejectsWith(client.call('ListFiles', { page_size: -1 }), status.INVALID_ARGUMENT, /^page_size: /);
    const first = await client.call('ListFiles', { filter: { root: media }, page_size: 2 });
    await rejectsWith(
      client.call('ListFiles', { filter: { root: photos }, page_size: 2, page_token: first.next_page_token }),
      status.INVALID_ARGUMENT,
      /^page_token: was issued for other filters/,
    );
    await rejectsWith(client.call('ListFiles', { page_token: 'garbage!' }), status.INVALID_ARGUMENT, /^page_token: /);
    await rejectsWith(client.call('ListDuplicates', { page_token: first.next_page_token }), status.INVALID_ARGUMENT, /^page_token: not a ListDuplicates token/);
  });

  it('caps page_size at 1000 and uses 100 for 0', async () => {
    for (let i = 0; i < 120; i++) t.backend.addFile(join(media, 'many', `m${String(i).padStart(3, '0')}.mp3`), { kind: 'audio' });
    const byDefault = await client.call('ListFiles', { filter: { path_prefix: `${join(media, 'many')}/` } });
    assert.equal(byDefault.files.length, 100);
    const capped = await client.call('ListFiles', { filter: { path_prefix: `${join(media, 'many')}/` }, page_size: 5000 });
    assert.equal(capped.files.length, 120);
    assert.equal(capped.next_page_token, '');
  });

  it('refuses bad filter values, naming the field', async () => {
    await rejectsWith(client.call('ListFiles', { filter: { root: '/etc' } }), status.INVALID_ARGUMENT, /^filter.root: "\/etc" is not a configured root/);
    await rejectsWith(client.call('ListFiles', { filter: { verdicts: ['VERDICT_UNSPECIFIED'] } }), status.INVALID_ARGUMENT, /^filter.verdicts\[0\]: /);
    await rejectsWith(client.call('ListFiles', { filter: { path_prefix: 'relative/' } }), status.INVALID_ARGUMENT, /^filter.path_prefix: /);
  });

  it('GetFile returns the record and its history; NOT_FOUND for unknown paths', async () => {
    const path = join(media, 'film-00.mkv');
    t.backend.emit('verdict-changed', path, 'CORRUPT');
    const response = await client.call('GetFile', { path });
    assert.equal(response.file.path, path);
    assert.equal(response.file.verdict, 'VERDICT_CORRUPT');
    assert.equal(response.history.length, 1);
    assert.equal(response.history[0].type, 'verdict-changed');
    await rejectsWith(client.call('GetFile', { path: join(media, 'nope.mkv') }), status.NOT_FOUND, /no record/);
  });

  it('confines request paths to the roots: empty and relative are INVALID_ARGUMENT, outside is PERMISSION_DENIED', async () => {
    await rejectsWith(client.call('GetFile', { path: '' }), status.INVALID_ARGUMENT, /^path: required/);
    await rejectsWith(client.call('GetFile', { path: 'film-00.mkv' }), status.INVALID_ARGUMENT, /^path: "film-00.mkv" is not absolute/);
    await rejectsWith(client.call('GetFile', { path: '/etc/passwd' }), status.PERMISSION_DENIED, /outside the configured roots/);
    await rejectsWith(client.call('GetFile', { path: `${media}/../../../etc/passwd` }), status.PERMISSION_DENIED, /outside the configured roots/);
    await rejectsWith(client.call('GetFile', { path: `${media}-other/x.mkv` }), status.PERMISSION_DENIED);
    // `..` that stays inside is fine.
    assert.equal((await client.call('GetFile', { path: `${media}/sub/../film-01.mkv` })).file.path, join(media, 'film-01.mkv'));
  });

  it('refuses a symlink inside a root that leads outside the roots', async () => {
    const outside = join(t.dir, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.mkv'), 'x');
    symlinkSync(outside, join(media, 'escape'));
    await rejectsWith(client.call('GetFile', { path: join(media, 'escape', 'secret.mkv') }), status.PERMISSION_DENIED, /leads through a symlink/);
    await rejectsWith(client.call('Recheck', { paths: [join(media, 'escape')] }), status.PERMISSION_DENIED, /^paths\[0\]: /);
    // Through the escaping link even a path that does not exist yet is refused.
    await rejectsWith(client.call('GetFile', { path: join(media, 'escape', 'later', 'new.mkv') }), status.PERMISSION_DENIED);
  });

  it('Recheck takes paths or a filter, with a depth', async () => {
    const response = await client.call('Recheck', { paths: [join(media, 'film-01.mkv'), join(media, 'many')], depth: 'VERIFY_DEPTH_FULL' });
    assert.equal(response.queued_files, '2');
    assert.deepEqual(t.backend.rechecks.at(-1), { paths: [join(media, 'film-01.mkv'), join(media, 'many')], depth: 'full' });
    const byFilter = await client.call('Recheck', { filter: { verdicts: ['VERDICT_CORRUPT'] } });
    assert.equal(byFilter.queued_files, '5');
    assert.deepEqual(t.backend.rechecks.at(-1), { filter: { verdicts: ['CORRUPT'] }, depth: undefined });
    await rejectsWith(client.call('Recheck', {}), status.INVALID_ARGUMENT, /^paths: give paths, or a filter/);
    await rejectsWith(client.call('Recheck', { paths: [join(media, 'x')], filter: {} }), status.INVALID_ARGUMENT, /not both/);
    await rejectsWith(client.call('Recheck', { paths: [join(media, 'ghost.mkv')] }), status.NOT_FOUND);
  });

  it('Accept needs a reason and a file flagged as bitrot', async () => {
    const path = join(media, 'rotten.mkv');
    t.backend.addFile(path, { verdict: 'CORRUPT', issues: [{ code: 'BITROT_SUSPECTED', message: 'content changed' }] });
    await rejectsWith(client.call('Accept', { paths: [path], reason: '  ' }), status.INVALID_ARGUMENT, /^reason: required/);
    await rejectsWith(client.call('Accept', { paths: [], reason: 'x' }), status.INVALID_ARGUMENT, /^paths: give at least one path/);
    await rejectsWith(client.call('Accept', { paths: [join(media, 'film-02.mkv')], reason: 'x' }), status.FAILED_PRECONDITION, /not flagged BITROT_SUSPECTED/);
    const response = await client.call('Accept', { paths: [path], reason: 're-encoded on purpose' });
    assert.equal(response.files[0].verdict, 'VERDICT_OK');
    assert.deepEqual(t.backend.accepted.at(-1), { paths: [path], reason: 're-encoded on purpose' });
  });

  it('pages ListDuplicates', async () => {
    for (let g = 0; g < 3; g++) {
      for (let c = 0; c < 2; c++)
        t.backend.addFile(join(media, 'dup', `g${g}-${c}.mkv`), {
          hash: { algo: 'xxh3', hex: `d${g}` },
          stat: { size: 1000 * (g + 1), mtimeMs: 0, ctimeMs: 0, ino: 1000 + g * 10 + c, dev: 1 },
        });
    }
    // With the fixture files sharing one default hash that makes five groups: pages of 2, 2, 1.
    const groups: Array<{ hash: { hex: string }; wasted_bytes: string; paths: string[] }> = [];
    let token = '';
    let pages = 0;
    do {
      const response = await client.call('ListDuplicates', { page_size: 2, page_token: token });
      groups.push(...response.groups);
      token = response.next_page_token;
      pages += 1;
    } while (token !== '' && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(
      groups.map((group) => group.hash.hex),
      ['0123456789abcdef', 'd2', 'd1', 'feedface', 'd0'],
    );
    assert.deepEqual(
      groups.map((group) => Number(group.wasted_bytes)),
      [...groups.map((group) => Number(group.wasted_bytes))].sort((a, b) => b - a),
    );
    assert.equal(groups[1]?.paths.length, 2);
  });

  it('carries a path that is not UTF-8 as \\xNN text plus its exact bytes', async () => {
    const path = join(photos, 'bad-\udcff-name.jpg');
    t.backend.addFile(path);
    const { files } = await client.call('ListFiles', { filter: { path_prefix: join(photos, 'bad-') } });
    assert.equal(files[0].path, join(photos, 'bad-\\xff-name.jpg'));
    assert.deepEqual(Buffer.from(files[0].raw_path), Buffer.concat([Buffer.from(join(photos, 'bad-')), Buffer.of(0xff), Buffer.from('-name.jpg')]));
    const plain = await client.call('ListFiles', { filter: { path_prefix: join(photos, 'p0') } });
    assert.equal(plain.files[0].raw_path.length, 0);
  });
});
