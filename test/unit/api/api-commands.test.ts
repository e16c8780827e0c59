// Sweeps, ignore rules, pause/resume and the error mapping over a real socket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { rejectsWith, TestClient } from '../../helpers/grpc-client.js';
import { startTestServer, type TestServer } from '../../helpers/grpc-server.js';

describe('command RPCs', () => {
  let t: TestServer;
  let client: TestClient;
  before(async () => {
    t = await startTestServer();
    client = new TestClient(`unix:${t.socketPath}`);
  });
  after(async () => {
    client.close();
    await t.stop();
  });

  it('starts, gets, lists (paged) and cancels sweeps', async () => {
    const started = await client.call('StartSweep', { root: t.roots[0] });
    assert.equal(started.sweep.state, 'SWEEP_STATE_RUNNING');
    assert.equal(started.sweep.trigger, 'SWEEP_TRIGGER_API');
    assert.equal(started.sweep.root, t.roots[0]);
    assert.equal(started.sweep.finish_time, null);
    await rejectsWith(client.call('StartSweep', {}), status.FAILED_PRECONDITION, /is running/);
    const status1 = await client.call('GetStatus');
    assert.equal(status1.current_sweep.id, started.sweep.id);
    const got = await client.call('GetSweep', { id: started.sweep.id });
    assert.equal(got.sweep.id, started.sweep.id);
    const cancelled = await client.call('CancelSweep', { id: started.sweep.id });
    assert.equal(cancelled.sweep.state, 'SWEEP_STATE_CANCELLED');
    assert.notEqual(cancelled.sweep.finish_time, null);
    for (let i = 0; i < 4; i++) {
      await client.call('StartSweep', {});
      t.backend.finishSweep();
    }
    const first = await client.call('ListSweeps', { page_size: 3 });
    const second = await client.call('ListSweeps', { page_size: 3, page_token: first.next_page_token });
    assert.deepEqual(
      [...first.sweeps, ...second.sweeps].map((sweep: { id: string }) => sweep.id),
      ['sweep-5', 'sweep-4', 'sweep-3', 'sweep-2', 'sweep-1'],
    );
    assert.equal(second.next_page_token, '');
    assert.equal(second.sweeps[0].progress.seen, '0');
  });

  it('validates sweep requests', async () => {
    await rejectsWith(client.call('StartSweep', { root: '/srv/elsewhere' }), status.INVALID_ARGUMENT, /^root: "\/srv\/elsewhere" is not a configured root/);
    await rejectsWith(client.call('GetSweep', { id: '' }), status.INVALID_ARGUMENT, /^id: required/);
    await rejectsWith(client.call('GetSweep', { id: 'sweep-99' }), status.NOT_FOUND);
    await rejectsWith(client.call('ListSweeps', { page_size: -5 }), status.INVALID_ARGUMENT, /^page_size/);
  });

  it('lists, creates and deletes ignore rules; config rules cannot be deleted', async () => {
    const created = await client.call('CreateIgnoreRule', { rule: { code: 'DECODER_WARNING', extension: '.MP3', reason: 'old rips', root: t.roots[0] } });
    assert.equal(created.rule.id, 'rule-1');
    assert.equal(created.rule.extension, 'mp3');
    const named = await client.call('CreateIgnoreRule', { rule: { id: 'my-rule', message: 'non monotonic' } });
    assert.equal(named.rule.id, 'my-rule');
    const page1 = await client.call('ListIgnoreRules', { page_size: 2 });
    const page2 = await client.call('ListIgnoreRules', { page_size: 2, page_token: page1.next_page_token });
    assert.deepEqual(
      [...page1.rules, ...page2.rules].map((rule: { id: string }) => rule.id),
      ['config-1', 'rule-1', 'my-rule'],
    );
    await client.call('DeleteIgnoreRule', { id: 'rule-1' });
    await rejectsWith(client.call('DeleteIgnoreRule', { id: 'rule-1' }), status.NOT_FOUND);
    await rejectsWith(client.call('DeleteIgnoreRule', { id: 'config-1' }), status.FAILED_PRECONDITION, /config file/);
  });

  it('validates ignore rules, naming the field', async () => {
    await rejectsWith(client.call('CreateIgnoreRule', {}), status.INVALID_ARGUMENT, /^rule: required/);
    await rejectsWith(
      client.call('CreateIgnoreRule', { rule: { reason: 'nothing to match' } }),
      status.INVALID_ARGUMENT,
      /^rule: give rule.code or rule.message/,
    );
    await rejectsWith(
      client.call('CreateIgnoreRule', { rule: { message: '(unclosed' } }),
      status.INVALID_ARGUMENT,
      /^rule.message: not a valid regular expression/,
    );
    await rejectsWith(client.call('CreateIgnoreRule', { rule: { code: 'X', id: 'has space' } }), status.INVALID_ARGUMENT, /^rule.id: /);
    await rejectsWith(client.call('CreateIgnoreRule', { rule: { code: 'X', root: '/nope' } }), status.INVALID_ARGUMENT, /^rule.root: /);
  });

  it('pauses and resumes', async () => {
    assert.deepEqual(await client.call('Pause'), { paused: true });
    assert.equal((await client.call('GetStatus')).paused, true);
    assert.deepEqual(await client.call('Resume'), { paused: false });
    assert.equal(t.backend.paused, false);
  });

  it('maps unexpected backend errors to INTERNAL without leaking them', async () => {
    const original = t.backend.status.bind(t.backend);
    t.backend.status = () => {
      throw new Error('secret internals');
    };
    try {
      const error = await rejectsWith(client.call('GetStatus'), status.INTERNAL, /internal error in GetStatus/);
      assert.doesNotMatch(error.details, /secret/);
    } finally {
      t.backend.status = original;
    }
  });

  it('maps MV_ERR_DRAINING to UNAVAILABLE', async () => {
    const { MvError } = await import('../../../src/errors.js');
    const original = t.backend.pause.bind(t.backend);
    t.backend.pause = () => {
      throw new MvError('MV_ERR_DRAINING', 'mediavigil is shutting down');
    };
    try {
      await rejectsWith(client.call('Pause'), status.UNAVAILABLE, /shutting down/);
    } finally {
      t.backend.pause = original;
    }
  });
});
