// Proof before writing (hash, else a full-depth check) and par2 repair with Debian's par2: what
// damage it repairs (spread flips, a truncation), and parity data that is damaged itself.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { locateMediaTools } from '../../../src/analyzers/locate-tools.js';
import type { ParityEntry } from '../../../src/catalog/catalog.js';
import { formatHash } from '../../../src/content-hash.js';
import { createParity, locatePar2, PAR2_SOURCE_NAME } from '../../../src/remedy/par2.js';
import { parityFiles, summarizeParity } from '../../../src/remedy/parity-files.js';
import { repairFromParity } from '../../../src/remedy/parity-repair.js';
import { proveCopy, type ProofSettings } from '../../../src/remedy/prove-copy.js';
import type { MediaTools } from '../../../src/types.js';
import { makeCleanMedia } from '../../helpers/media.js';
import { flipBytes, sha256Of, truncateKeepingTime } from '../../helpers/restore-media.js';

const LIMITS = { probeTimeoutMs: 30_000, verifyTimeoutMinMs: 60_000, verifyTimeoutPerMediaSecondMs: 2000, maxOutputBytes: 1 << 20, maxImagePixels: 1e8 };

describe('proof and parity', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mv-proof-'));
  let tools: MediaTools;
  let clean: Record<string, string>;
  const settings = (knownGood: ProofSettings['knownGood']): ProofSettings => ({ knownGood, hashAlgorithm: 'xxh3', tools, limits: LIMITS });

  before(async () => {
    tools = await locateMediaTools();
    clean = await makeCleanMedia(dir, ['mp4', 'flac', 'jpg']);
  });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

  it('a copy with the known-good hash is proven; another hash is skipped with the reason', async () => {
    const good = await proveCopy(clean['mp4']!, dir, settings(undefined));
    assert.ok(good.proven && good.matched === 'decode');
    const byHash = await proveCopy(clean['mp4']!, dir, settings(good.hash));
    assert.ok(byHash.proven && byHash.matched === 'hash');
    const wrong = await proveCopy(clean['flac']!, dir, settings(good.hash));
    assert.ok(!wrong.proven && !wrong.absent);
    assert.match(wrong.reason, /has hash xxh3:[0-9a-f]+, not the known-good xxh3:[0-9a-f]+: skipped/);
    const none = await proveCopy(join(dir, 'nothing.mp4'), dir, settings(good.hash));
    assert.ok(!none.proven && none.absent);
  });

  it('without a known-good hash a damaged copy fails the full check; a symlink is not followed', async () => {
    const cut = join(dir, 'cut.flac');
    copyFileSync(clean['flac']!, cut);
    truncateKeepingTime(cut, 0.5);
    const proof = await proveCopy(cut, dir, settings(undefined));
    assert.ok(!proof.proven);
    assert.match(proof.reason, /failed the full check \(CORRUPT/);
    symlinkSync(clean['flac']!, join(dir, 'link.flac'));
    const linked = await proveCopy(join(dir, 'link.flac'), dir, settings(undefined));
    assert.ok(!linked.proven);
  });

  describe('par2', { skip: locatePar2() === undefined ? 'par2 is not installed (apt-get install par2)' : false }, () => {
    const par2 = locatePar2() as string;
    const parityDir = join(dir, 'parity');
    const make = async (file: string, name: string): Promise<ParityEntry> => {
      mkdirSync(parityDir, { recursive: true });
      const fd = openSync(file, 'r');
      const result = await createParity(par2, fd, parityDir, name, 10, { timeoutMs: 60_000 }).finally(() => closeSync(fd));
      assert.equal(result.exitCode, 0, result.stderr);
      const { bytes, checksum } = await summarizeParity(await parityFiles(parityDir, name));
      const proof = await proveCopy(file, dir, settings(undefined));
      assert.ok(proof.proven);
      return {
        hash: formatHash(proof.hash),
        size: proof.size,
        mtimeMs: 0,
        parityBytes: bytes,
        dir: parityDir,
        name,
        checksum,
        madeAt: 0,
        sourceName: PAR2_SOURCE_NAME,
      };
    };

    it('repairs flips spread over the file and a truncation, into a scratch folder, proven by hash', async () => {
      const photo = join(dir, 'photo.jpg');
      copyFileSync(clean['jpg']!, photo);
      const good = sha256Of(photo);
      const entry = await make(photo, 'photo');
      for (const at of [0.1, 0.5, 0.9]) flipBytes(photo, at, 8);
      const repaired = await repairFromParity(par2, entry, photo, join(dir, 'scratch-1'));
      assert.ok(repaired.proven, 'reason' in repaired ? repaired.reason : '');
      assert.equal(sha256Of(repaired.copyPath), good);
      assert.notEqual(sha256Of(photo), good, 'the damaged file itself is never touched');
      truncateKeepingTime(photo, 0.95);
      const again = await repairFromParity(par2, entry, photo, join(dir, 'scratch-2'));
      assert.ok(again.proven);
      assert.equal(sha256Of(again.copyPath), good);
    });

    it('parity made by an earlier release, from the file by its name, still repairs it', async () => {
      const clip = join(dir, 'clip.jpg');
      copyFileSync(clean['jpg']!, clip);
      const good = sha256Of(clip);
      mkdirSync(parityDir, { recursive: true });
      const made = spawnSync(par2, ['create', '-q', '-q', '-r10', '-b100', '-n1', '-t1', `-B${dir}`, join(parityDir, 'legacy.par2'), clip], {
        timeout: 60_000,
      });
      assert.equal(made.status, 0, String(made.stderr));
      const { bytes, checksum } = await summarizeParity(await parityFiles(parityDir, 'legacy'));
      const entry: ParityEntry = { hash: `sha256:${good}`, size: 0, mtimeMs: 0, parityBytes: bytes, dir: parityDir, name: 'legacy', checksum, madeAt: 0 };
      flipBytes(clip, 0.5, 8);
      const repaired = await repairFromParity(par2, entry, clip, join(dir, 'scratch-legacy'));
      assert.ok(repaired.proven, 'reason' in repaired ? repaired.reason : '');
      assert.equal(sha256Of(repaired.copyPath), good);
    });

    it('parity data that changed since it was written is damaged: reported, not used', async () => {
      const song = join(dir, 'song.flac');
      copyFileSync(clean['flac']!, song);
      const entry = await make(song, 'song');
      const [, volume] = await parityFiles(parityDir, 'song');
      const data = readFileSync(volume!);
      const middle = Math.floor(data.length / 2);
      data[middle] = (data[middle] ?? 0) ^ 0xff;
      writeFileSync(volume!, data);
      flipBytes(song, 0.5, 8);
      const repaired = await repairFromParity(par2, entry, song, join(dir, 'scratch-3'));
      assert.ok(!repaired.proven && repaired.damagedParity);
      assert.match(repaired.reason, /is damaged itself/);
    });
  });
});
