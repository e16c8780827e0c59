// The .proto is enough for another stack: Debian's protoc compiles proto/ to a descriptor set and
// Debian's Python (grpcio + protobuf, no generated code) calls GetStatus, ListFiles and
// WatchEvents over the unix socket. Needs test/setup.sh (protobuf-compiler, libprotobuf-dev,
// python3-grpcio, python3-protobuf).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { writeFileSync } from 'node:fs';
import { findProtoDir } from '../../src/api/proto.js';
import { TestClient } from '../helpers/grpc-client.js';
import { startTestServer, type TestServer } from '../helpers/grpc-server.js';

const PYTHON = '/usr/bin/python3';
const CLIENT = fileURLToPath(new URL('../../../test/python/client.py', import.meta.url));
/** Debian's libprotobuf-dev puts google/protobuf/*.proto here. */
const WELL_KNOWN_PROTOS = '/usr/include';

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 60_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed (run test/setup.sh for protoc and Python gRPC): ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

describe('a Python client from the .proto alone', () => {
  let t: TestServer;
  let descriptorSet: string;
  before(async () => {
    t = await startTestServer();
    const protoDir = findProtoDir();
    descriptorSet = join(t.dir, 'mediavigil.pb');
    const protos = ['events', 'enums', 'export', 'files', 'ignore_rules', 'mediavigil', 'status', 'sweeps'].map((name) =>
      join(protoDir, 'mediavigil', 'v1', `${name}.proto`),
    );
    await run('/usr/bin/protoc', ['-I', protoDir, '-I', WELL_KNOWN_PROTOS, '--include_imports', `--descriptor_set_out=${descriptorSet}`, ...protos]);
    for (let i = 0; i < 250; i++) t.backend.addFile(join(t.roots[0]!, `f${String(i).padStart(3, '0')}.mkv`), { verdict: i === 249 ? 'CORRUPT' : 'OK' });
    for (let i = 0; i < 12; i++) t.backend.emit('file-added', join(t.roots[0]!, `f${i}.mkv`), 'OK');
  });
  after(async () => {
    await t.stop();
  });

  it('calls GetStatus, pages through ListFiles and resumes WatchEvents', async () => {
    await checkPythonClient(descriptorSet);
  });

  it('works as well from the descriptors that server reflection returns (imports declared)', async () => {
    const client = new TestClient(`unix:${t.socketPath}`);
    try {
      const files = await client.reflectFiles('mediavigil.v1.MediaVigil');
      assert.ok(files.length >= 2, 'the service file and the google/protobuf types it imports');
      // A FileDescriptorSet is `repeated FileDescriptorProto file = 1`.
      const set = Buffer.concat(files.flatMap((file) => [Buffer.of(0x0a), varint(file.length), Buffer.from(file)]));
      const reflected = join(t.dir, 'reflected.pb');
      writeFileSync(reflected, set);
      await checkPythonClient(reflected);
    } finally {
      client.close();
    }
  });

  async function checkPythonClient(descriptors: string): Promise<void> {
    const out = JSON.parse(await run(PYTHON, [CLIENT, descriptors, t.socketPath, '100', '5'])) as {
      status: { version: string; counts: Record<string, string>; last_event_sequence: string; start_time: string };
      paths: string[];
      pages: number;
      last_page_verdicts: string[];
      event_sequences: number[];
      heartbeat: { last_sequence: string } | null;
    };
    assert.equal(out.status.version, '9.9.9-test');
    assert.equal(out.status.counts['corrupt'], '1');
    assert.equal(out.status.last_event_sequence, '12');
    assert.match(out.status.start_time, /^\d{4}-\d\d-\d\dT/);
    assert.equal(out.pages, 3);
    assert.equal(out.paths.length, 250);
    assert.deepEqual(out.last_page_verdicts, ['VERDICT_CORRUPT', 'VERDICT_OK']);
    assert.deepEqual(out.event_sequences, [6, 7, 8, 9, 10, 11, 12]);
    assert.deepEqual(out.heartbeat?.last_sequence, '12');
  }
});

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}
