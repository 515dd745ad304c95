// The error answers of the HTTP layer, in the shape
// {"error":{"code","message"}} with a Chinese message, and X-Request-Id.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PORTALS, ROOT, api, assertError, waitFor } from './lib.mjs';

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
