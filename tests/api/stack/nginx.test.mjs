// What nginx adds in front of the portals: each portal's built page, cache
// headers, gzip, security headers, the internal /media/ location.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api } from '../lib.mjs';

function assertSecurityHeaders(res, what) {
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'self'/, `${what}: CSP`);
  assert.match(csp, /frame-ancestors 'self'/, `${what}: frame-ancestors`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', what);
}

const PAGES = [
  ['sdrz', '/', '/sdrz/'],
  ['sdrz', '/some/route', '/sdrz/'],
  ['sdrz', '/m/', '/m/'],
  ['sdrz', '/m/some/route', '/m/'],
  ['gxk', '/', '/gxk/'],
  ['zyk', '/', '/zyk/'],
];

for (const [portal, path] of PAGES) {
  test(`${portal}: ${path} serves the portal's page, revalidated on every visit`, async () => {
    const res = await api(portal, path);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.text, /<div id="app"|<script type="module"/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assertSecurityHeaders(res, path);
  });
}

test('each portal gets its own page', async () => {
  const pages = await Promise.all([
    api('sdrz', '/'), api('gxk', '/'), api('zyk', '/'), api('sdrz', '/m/'),
  ]);
  const bodies = new Set(pages.map((p) => p.text));
  assert.equal(bodies.size, 4, 'four different index.html');
});

test('hashed assets: long immutable cache and gzip', async () => {
  const page = await api('sdrz', '/');
  const m = page.text.match(/\/assets\/[^"']+\.js/);
  assert.ok(m, 'the page loads a script from /assets/');
  const res = await fetch(`${process.env.SDRZ_URL_SDRZ ?? 'http://127.0.0.1:8080'}${m[0]}`,
    { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('cache-control') ?? '', /max-age=31536000/);
  assert.match(res.headers.get('cache-control') ?? '', /immutable/);
  assert.equal(res.headers.get('content-encoding'), 'gzip');
  assertSecurityHeaders(res, m[0]);
  await res.arrayBuffer();

  const missing = await api('sdrz', '/assets/no-such-file.js');
  assert.equal(missing.status, 404, 'a missing asset is not the page');
});

test('API answers carry the security headers, and no asset caching', async () => {
  const res = await api('gxk', '/api/v1/health');
  assert.equal(res.status, 200);
  assertSecurityHeaders(res, '/api/v1/health');
  assert.doesNotMatch(res.headers.get('cache-control') ?? '', /immutable|max-age=[1-9]/);
});

test('/media/ is internal: not reachable from outside', async () => {
  const res = await api('sdrz', '/media/anything.mp4');
  assert.equal(res.status, 404);
});
