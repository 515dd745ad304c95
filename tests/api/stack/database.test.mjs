// The database stops: every portal answers 503 db_unavailable; it comes
// back: 200 again, without restarting the portals.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { PORTALS, api, assertError, children, dev, masterPid, waitFor } from '../lib.mjs';

let stopped = false;

// Whatever happens, leave the database running for the tests after this one.
after(() => {
  if (stopped) dev('db-start');
});

test('database stopped → 503 db_unavailable; started → 200 without restarting the portals', async () => {
  const pids = Object.fromEntries(PORTALS.map((p) => [p, masterPid(p)]));
  const workers = Object.fromEntries(PORTALS.map((p) => [p, children(pids[p])]));
  for (const p of PORTALS) {
    assert.equal((await api(p, '/api/v1/health')).status, 200, `${p} healthy first`);
  }

  dev('db-stop');
  stopped = true;
  for (const p of PORTALS) {
    const res = await waitFor(async () => {
      const r = await api(p, '/api/v1/health');
      return r.status === 503 ? r : false;
    }, 5000, `${p} answers 503`);
    assertError(res, 503, 'db_unavailable');
  }
  // Still 503 on the next request (not a one-off).
  assertError(await api('sdrz', '/api/v1/health'), 503, 'db_unavailable');

  dev('db-start');
  stopped = false;
  for (const p of PORTALS) {
    const res = await waitFor(async () => {
      const r = await api(p, '/api/v1/health');
      return r.status === 200 ? r : false;
    }, 10_000, `${p} answers 200 again`);
    assert.equal(res.json.database.ok, true);
  }

  for (const p of PORTALS) {
    assert.equal(masterPid(p), pids[p], `${p} master not restarted`);
    assert.deepEqual(children(pids[p]), workers[p], `${p} workers not restarted`);
  }
});
