// Reference data with validators: the
// dictionaries and the site's description carry an ETag and a
// Cache-Control that lets a browser keep them, and a request that names
// the ETag in If-None-Match is answered 304 without a body, so a returning
// browser revalidates or does not ask at all. What depends on the session
// stays no-store.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, api, assertError, waitFor } from '../lib.mjs';
import { Client, rootId } from '../accounts-lib.mjs';
import { approvedPersonnel, orgAdd, signInAdmin } from '../orgs-lib.mjs';

const REFERENCE = [
  '/api/v1/site',
  '/api/v1/dicts',
  '/api/v1/dicts/id_type',
  '/api/v1/dicts/title_series',
  '/api/v1/dicts/title_level',
  '/api/v1/dicts/title_qualification?parent=01',
  '/api/v1/dicts/major?q=%E8%AE%A1%E7%AE%97%E6%9C%BA',
  '/api/v1/dicts/region/371102',
];

// An entity tag as RFC 9110 writes one, strong or (after nginx's gzip) weak.
const ETAG = /^(W\/)?"[0-9a-f]{16,64}"$/;

function assertCacheable(res, path) {
  const etag = res.headers.get('etag');
  assert.match(etag ?? '', ETAG, `${path}: ETag`);
  const cc = res.headers.get('cache-control') ?? '';
  assert.doesNotMatch(cc, /no-store/, `${path}: ${cc}`);
  // The site is asked for on every page load (the pages learn from it
  // that the portal is up): revalidated each time; dictionaries are kept.
  assert.match(cc, path === '/api/v1/site' ? /no-cache/ : /max-age=\d+/, `${path}: ${cc}`);
  assert.match(cc, /public/, `${path}: ${cc}`);
  return etag;
}

test('dictionaries and the site carry an ETag and a Cache-Control that keeps them', async () => {
  for (const path of REFERENCE) {
    const res = await api('sdrz', path);
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    assert.ok(res.json, path);
    assertCacheable(res, path);
  }
});

test('If-None-Match with the ETag: 304 without a body; another tag: the answer', async () => {
  for (const path of REFERENCE) {
    const first = await api('sdrz', path);
    const etag = assertCacheable(first, path);
    const strong = etag.replace(/^W\//, '');
    for (const inm of [etag, strong, `W/${strong}`, `"0000000000000000", ${etag}`, '*']) {
      const again = await api('sdrz', path, { headers: { 'If-None-Match': inm } });
      assert.equal(again.status, 304, `${path} with If-None-Match ${inm}: ${again.status} ${again.text}`);
      assert.equal(again.text, '', `${path}: no body with 304`);
      assert.equal(again.headers.get('etag').replace(/^W\//, ''), strong, `${path}: the same ETag`);
      assert.equal(again.headers.get('cache-control'), first.headers.get('cache-control'));
    }
    const other = await api('sdrz', path, { headers: { 'If-None-Match': '"0000000000000000"' } });
    assert.equal(other.status, 200, path);
    assert.deepEqual(other.json, first.json, `${path}: the same answer`);
    // HEAD revalidates too.
    const head = await api('sdrz', path, { method: 'HEAD', headers: { 'If-None-Match': etag } });
    assert.equal(head.status, 304, `HEAD ${path}`);
  }
});

test('every worker and every request give the same ETag for the same answer', async () => {
  for (const path of ['/api/v1/dicts/title_series', '/api/v1/dicts']) {
    const tags = new Set();
    for (let i = 0; i < 8; i++) {
      const res = await api('sdrz', path, { headers: { 'Accept-Encoding': 'identity' } });
      assert.equal(res.status, 200);
      tags.add(res.headers.get('etag'));
    }
    assert.equal(tags.size, 1, `${path}: ${[...tags]}`);
    // The other portals answer the same dictionary with the same tag.
    const gxk = await api('gxk', path, { headers: { 'Accept-Encoding': 'identity' } });
    assert.equal(gxk.headers.get('etag'), [...tags][0], `${path} on gxk`);
  }
  // The site's description is each portal's own.
  const a = await api('sdrz', '/api/v1/site', { headers: { 'Accept-Encoding': 'identity' } });
  const b = await api('zyk', '/api/v1/site', { headers: { 'Accept-Encoding': 'identity' } });
  assert.notEqual(a.headers.get('etag'), b.headers.get('etag'));
  assert.equal(b.json.portal, 'zyk');
});

test('errors and what depends on the session are not kept', async () => {
  const missing = await api('sdrz', '/api/v1/dicts/no_such_dict');
  assertError(missing, 404, 'not_found');
  assert.equal(missing.headers.get('etag'), null);
  assert.match(missing.headers.get('cache-control') ?? '', /no-store/);
  const bad = await api('sdrz', '/api/v1/dicts/major?limit=0', { headers: { 'If-None-Match': '*' } });
  assertError(bad, 400, 'invalid');

  const unit = orgAdd({ kind: 'unit', parent: rootId(), name: '缓存单位' });
  const admin = await signInAdmin(unit);
  const p = await approvedPersonnel(unit.id, admin);
  const c = new Client();
  assert.equal((await c.login('personnel', p.body.id_number, p.body.password)).status, 200);
  for (const path of ['/api/v1/me', '/api/v1/auth/session']) {
    const res = await c.get(path);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('etag'), null, path);
    assert.match(res.headers.get('cache-control') ?? '', /no-store/, path);
    const again = await c.get(path, { headers: { 'If-None-Match': '*' } });
    assert.equal(again.status, 200, `${path} ignores If-None-Match`);
  }
  // A signed-in browser gets the same reference answers as anyone.
  const signed = await c.get('/api/v1/dicts/title_series');
  const anonymous = await api('sdrz', '/api/v1/dicts/title_series');
  assert.equal(signed.headers.get('etag'), anonymous.headers.get('etag'));
});

// The request ids of the answers the sdrz portal itself gave, once the
// portal has logged a later request (its log is written per request).
async function servedByPortal(ids) {
  const log = join(ROOT, 'var', 'log', 'sdrz-main.log');
  const mark = (await api('sdrz', '/api/v1/health')).headers.get('x-request-id');
  await waitFor(() => readFileSync(log, 'utf8').includes(mark), 3000, `request ${mark} in the portal's log`);
  const text = readFileSync(log, 'utf8');
  return ids.filter((id) => text.includes(id));
}

test('nginx keeps reference answers and answers them, and their 304s, without the portal', async () => {
  for (const path of ['/api/v1/dicts/title_level', '/api/v1/site']) {
    const first = await api('sdrz', path);
    assert.equal(first.status, 200, first.text);
    // Meant for nginx only.
    assert.equal(first.headers.get('x-accel-expires'), null, path);
    const again = await api('sdrz', path);
    const revalidated = await api('sdrz', path, { headers: { 'If-None-Match': first.headers.get('etag') } });
    assert.equal(again.status, 200);
    assert.deepEqual(again.json, first.json);
    assert.equal(revalidated.status, 304);
    const ids = [again, revalidated].map((r) => r.headers.get('x-request-id'));
    // Each answer has its own request id, not the one that filled the cache.
    assert.notEqual(ids[0], first.headers.get('x-request-id'));
    assert.notEqual(ids[0], ids[1]);
    assert.deepEqual(await servedByPortal(ids), [], `${path}: answered by nginx`);
  }
});

test('nginx keeps no error and no search: the portal answers each', async () => {
  const asked = [];
  for (const path of ['/api/v1/dicts/no_such_dict', '/api/v1/dicts/major?q=%E5%93%B2']) {
    for (let i = 0; i < 2; i++) {
      const res = await api('sdrz', path);
      asked.push(res.headers.get('x-request-id'));
    }
  }
  assert.deepEqual(await servedByPortal(asked), asked);
});
