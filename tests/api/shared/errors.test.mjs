// The error answers of the HTTP layer, in the shape
// {"error":{"code","message"}} with a Chinese message, and X-Request-Id.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PORTALS, ROOT, api, assertError, sleep, waitFor } from '../lib.mjs';

const JSON_TYPE = { 'content-type': 'application/json' };

for (const portal of PORTALS) {
  test(`${portal}: unknown path → 404 not_found`, async () => {
    assertError(await api(portal, '/api/v1/no-such-thing'), 404, 'not_found');
    assertError(await api(portal, '/api/v2/health'), 404, 'not_found');
  });
}

test('known path, wrong method → 405 method_not_allowed with Allow', async () => {
  const post = await api('sdrz', '/api/v1/health', { method: 'POST', headers: JSON_TYPE, body: '{}' });
  assertError(post, 405, 'method_not_allowed');
  assert.match(post.headers.get('allow') ?? '', /\bGET\b/);
  assert.doesNotMatch(post.headers.get('allow') ?? '', /\bPOST\b/);

  const get = await api('sdrz', '/api/v1/client-errors');
  assertError(get, 405, 'method_not_allowed');
  assert.match(get.headers.get('allow') ?? '', /\bPOST\b/);
});

test('POST /api/v1/client-errors with a good report → 204', async () => {
  const res = await api('sdrz', '/api/v1/client-errors', {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ message: 'api test: TypeError x is undefined', url: '/', stack: 'at f (a.js:1:1)' }),
  });
  assert.equal(res.status, 204, res.text);
  assert.equal(res.text, '');
});

test('body over body_limit → 413 payload_too_large', async () => {
  // ~2 MiB of valid JSON, twice the default limit of 1 MiB.
  const body = JSON.stringify({ message: 'x'.repeat(2 * 1024 * 1024), url: '/', stack: '' });
  const res = await api('sdrz', '/api/v1/client-errors', { method: 'POST', headers: JSON_TYPE, body });
  assertError(res, 413, 'payload_too_large');
  // The portal stays healthy afterwards.
  assert.equal((await api('sdrz', '/api/v1/health')).status, 200);
});

test('malformed JSON → 400 bad_json', async () => {
  for (const body of ['{"message":', '{message: 1}', 'null x', '\u00ff']) {
    const res = await api('sdrz', '/api/v1/client-errors', { method: 'POST', headers: JSON_TYPE, body });
    assertError(res, 400, 'bad_json');
  }
});

test('JSON body with the wrong content type → 415 unsupported_media_type', async () => {
  const body = JSON.stringify({ message: 'm', url: '/', stack: '' });
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    const res = await api('sdrz', '/api/v1/client-errors', {
      method: 'POST', headers: { 'content-type': type }, body,
    });
    assertError(res, 415, 'unsupported_media_type');
  }
});

for (const portal of PORTALS) {
  test(`${portal}: every answer carries nginx's X-Request-Id`, async () => {
    const ids = [];
    for (const path of ['/api/v1/health', '/api/v1/no-such-thing']) {
      const res = await api(portal, path);
      const id = res.headers.get('x-request-id');
      assert.match(id ?? '', /^[0-9a-f]{32}$/, `X-Request-Id of ${path}: ${id}`);
      // One header, not the portal's and nginx's fallback both.
      assert.doesNotMatch(id, /,/);
      ids.push(id);
    }
    assert.notEqual(ids[0], ids[1]);
  });
}

test("X-Request-Id is nginx's request id, and the portal logs it", async () => {
  const res = await api('sdrz', '/api/v1/health');
  const id = res.headers.get('x-request-id');
  // nginx logs its $request_id as rid=… (the access log is flushed every second).
  const access = join(ROOT, 'var', 'log', 'nginx-access.log');
  await waitFor(() => readFileSync(access, 'utf8').includes(`rid=${id}`), 5000,
    `rid=${id} in var/log/nginx-access.log`);
  const log = join(ROOT, 'var', 'log', 'sdrz-main.log');
  await waitFor(() => readFileSync(log, 'utf8').includes(id), 3000, `request id ${id} in var/log/sdrz-main.log`);
});

test('a client error report is logged as one line, its text escaped and cut to a cap', async () => {
  const forged = '2026-12-03T00:00:00.000Z sdrz-main warn forged line';
  const message = `boom\n${forged}\r\u2028\u0085\u001b[31m"quoted"${'é'.repeat(3000)}`;
  const res = await api('sdrz', '/api/v1/client-errors', {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ message, url: `/x\n${forged}`, stack: 's'.repeat(7000) }),
  });
  assert.equal(res.status, 204, res.text);
  const id = res.headers.get('x-request-id');
  const log = join(ROOT, 'var', 'log', 'sdrz-main.log');
  const lines = await waitFor(() => {
    const l = readFileSync(log, 'utf8').split('\n').filter((x) => x.includes(id) && x.includes('client error'));
    return l.length ? l : false;
  }, 3000, `the report ${id} in var/log/sdrz-main.log`);
  assert.equal(lines.length, 1, 'one line');
  const [line] = lines;
  // Nothing that a log viewer could take for a line break or a colour.
  assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  assert.ok(!line.includes('\ufffd'), 'no character cut in half');
  // The newlines are shown, not acted on; no line of the log is forged.
  assert.ok(line.includes('\\n'), line.slice(0, 200));
  assert.equal(readFileSync(log, 'utf8').split('\n').filter((x) => x.startsWith(forged)).length, 0);
  // One report writes at most 2 KiB, and says that it was cut.
  assert.ok(Buffer.byteLength(line) <= 2048, `${Buffer.byteLength(line)} bytes`);
  assert.match(line, /truncated/);
});

test('client error reports are rate-limited per address by nginx', async () => {
  // ./dev test allows 100/s with a burst of 200: 400 at once must overflow.
  const body = JSON.stringify({ message: 'api test: flood', url: '/', stack: '' });
  const answers = await Promise.all(Array.from({ length: 400 }, () =>
    api('sdrz', '/api/v1/client-errors', { method: 'POST', headers: JSON_TYPE, body })));
  const limited = answers.filter((r) => r.status === 429);
  assert.ok(limited.length > 0, 'some reports are refused');
  assert.ok(answers.some((r) => r.status === 204), 'some pass');
  assertError(limited[0], 429, 'too_many_requests');
  // Let the bucket fill again for the tests that follow.
  await sleep(3000);
});
