// The pre-fork server respawns a worker killed with SIGKILL, and the
// portal keeps answering meanwhile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, children, isAlive, masterPid, waitFor } from '../lib.mjs';

const WORKERS = 2;

test('kill -9 of a sdrz-main worker: the next request succeeds, the worker is back', async () => {
  const master = masterPid('sdrz');
  assert.ok(isAlive(master), `master ${master} runs`);
  const before = children(master);
  assert.equal(before.length, WORKERS, `workers of ${master}: ${before}`);

  const victim = before[0];
  process.kill(victim, 'SIGKILL');

  const res = await api('sdrz', '/api/v1/health');
  assert.equal(res.status, 200, res.text);

  const after = await waitFor(() => {
    const now = children(master);
    return now.length === WORKERS && !now.includes(victim) ? now : false;
  }, 5000, 'two workers again');
  assert.ok(isAlive(master), 'the master survived');
  assert.ok(after.includes(before[1]), 'the other worker went on');

  // Both workers answer: more requests than one worker would take in turn.
  const answers = await Promise.all(Array.from({ length: 20 }, () => api('sdrz', '/api/v1/health')));
  assert.deepEqual(answers.map((r) => r.status), Array(20).fill(200));
});
