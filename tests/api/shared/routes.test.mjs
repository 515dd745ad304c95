// The route tables of the three portals, walked. Each portal binary prints
// what it serves (`--routes`: method, pattern, access level and module);
// every route must name its access, the learning portals serve only the
// shared routes, and every guarded route is refused before its handler
// runs: without a session (401 not_signed_in), and, for a state change,
// with a session but without its CSRF token (403 csrf_invalid). A route
// whose entry lost its guard fails here, whatever its handler does.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, before } from 'node:test';
import { ROOT, api, assertError } from '../lib.mjs';
import { orgAdd, signInAdmin } from '../orgs-lib.mjs';
import { rootId } from '../accounts-lib.mjs';

const BINARY = { sdrz: 'sdrz-main', gxk: 'sdrz-gxk', zyk: 'sdrz-zyk' };
const ACCESS = ['public', 'session', 'personnel', 'admin', 'module'];
const MODULES = ['account_review', 'info_review', 'org_info', 'admins', 'suborgs', 'personnel', 'hours', 'courses'];

// routesOf(portal): [{method, pattern, access, module}] as the binary says.
function routesOf(portal) {
  const out = execFileSync(join(ROOT, 'build', 'fcgi', BINARY[portal]), ['--routes'], { encoding: 'utf8' });
  return out.trim().split('\n').map((line) => {
    const [method, pattern, access, module] = line.split(' ');
    return { method, pattern, access, module };
  });
}

// A path for a pattern: every :param becomes a plausible id.
const pathOf = (pattern) => pattern.replace(/:[a-z]+/g, (p) => (p === ':year' ? '2026' : '1'));

// The routes anyone may call. A route that becomes public without being
// named here fails the walk: public is a decision, not a default.
const PUBLIC = new Set([
  'GET /api/v1/health', 'GET /api/v1/site', 'POST /api/v1/client-errors',
  'GET /api/v1/captcha', 'GET /api/v1/auth/session', 'POST /api/v1/auth/login', 'POST /api/v1/auth/forgot', 'POST /api/v1/auth/reset',
  'GET /api/v1/dicts', 'GET /api/v1/dicts/:name', 'GET /api/v1/dicts/:name/:code',
  'POST /api/v1/register/personnel', 'POST /api/v1/register/org', 'GET /api/v1/orgs/picker',
  'GET /api/v1/certificates/:number', 'GET /api/v1/forms', 'GET /api/v1/forms/:name',
]);

const tables = {};
let admin;

before(async () => {
  for (const p of Object.keys(BINARY)) tables[p] = routesOf(p);
  const unit = orgAdd({ kind: 'unit', parent: rootId(), name: '路由表测试单位' });
  admin = await signInAdmin(unit);
});

test('every route of every portal names its access level, and modules are known', () => {
  for (const [portal, routes] of Object.entries(tables)) {
    assert.ok(routes.length > 0, `${portal} serves routes`);
    for (const r of routes) {
      assert.ok(ACCESS.includes(r.access), `${portal} ${r.method} ${r.pattern}: access ${r.access}`);
      if (r.access === 'module') {
        assert.ok(MODULES.includes(r.module), `${portal} ${r.method} ${r.pattern}: module ${r.module}`);
      }
      assert.equal(r.access === 'public', PUBLIC.has(`${r.method} ${r.pattern}`),
        `${portal} ${r.method} ${r.pattern} is ${r.access}: only the routes of PUBLIC are public`);
    }
  }
});

test('the learning portals serve only the shared routes, none of the main portal\'s own', () => {
  const main = new Set(tables.sdrz.map((r) => `${r.method} ${r.pattern}`));
  for (const portal of ['gxk', 'zyk']) {
    for (const r of tables[portal]) {
      assert.ok(main.has(`${r.method} ${r.pattern}`), `${portal} ${r.method} ${r.pattern} is shared`);
      assert.doesNotMatch(r.pattern, /^\/api\/v1\/(org|orgs|reviews|personnel|hours|register|transfers|certificates|courses|banks|questions)(\/|$)/,
        `${portal} must not serve ${r.pattern}`);
    }
  }
  // The main portal's admin routes are there, and not on the others.
  assert.ok(main.has('GET /api/v1/org'));
  assert.ok(main.has('GET /api/v1/reviews/personnel-registrations'));
  assert.ok(main.has('POST /api/v1/courses/classes/:id/publish'));
  assert.ok(main.has('POST /api/v1/banks/:id/import'));
});

test('videos: the HLS routes on every portal for a session, the upload API on the main portal with courses', () => {
  const MEDIA = ['GET /api/v1/media/videos/:id/:file session', 'GET /api/v1/media/videos/:id/:rendition/:file session'];
  for (const portal of Object.keys(BINARY)) {
    const media = tables[portal].filter((r) => r.pattern.startsWith('/api/v1/media/')).map((r) => `${r.method} ${r.pattern} ${r.access}`);
    assert.deepEqual(media, MEDIA, portal);
  }
  const videos = tables.sdrz.filter((r) => /^\/api\/v1\/videos(\/|$)/.test(r.pattern));
  assert.deepEqual(videos.map((r) => `${r.method} ${r.pattern}`).sort(), [
    'DELETE /api/v1/videos/:id', 'GET /api/v1/videos', 'GET /api/v1/videos/:id', 'POST /api/v1/videos',
    'PUT /api/v1/videos/:id/data',
  ]);
  for (const r of videos) assert.deepEqual([r.access, r.module], ['module', 'courses'], `${r.method} ${r.pattern}`);
  for (const portal of ['gxk', 'zyk']) {
    assert.ok(!tables[portal].some((r) => r.pattern.startsWith('/api/v1/videos')), `${portal} has no upload API`);
  }
});

test('gxk and zyk answer 404 for the main portal\'s admin routes, even to a signed-in admin', async () => {
  for (const portal of ['gxk', 'zyk']) {
    const c = admin.on(portal);
    for (const path of ['/api/v1/org', '/api/v1/org/admins', '/api/v1/reviews/personnel-registrations',
      '/api/v1/personnel', '/api/v1/hours/query?year=2026', '/api/v1/orgs', '/api/v1/courses/classes', '/api/v1/banks']) {
      const res = await c.get(path);
      assertError(res, 404, 'not_found');
    }
    const res = await c.post('/api/v1/reviews/personnel-registrations/decide', { ids: [1], decision: 'approve' });
    assertError(res, 404, 'not_found');
  }
  // The main portal serves the same admin the same path.
  const res = await admin.get('/api/v1/org');
  assert.equal(res.status, 200, res.text);
});

test('without a session every guarded route of every portal answers 401 before its handler', async () => {
  const problems = [];
  let n = 0;
  for (const [portal, routes] of Object.entries(tables)) {
    for (const r of routes) {
      if (r.access === 'public') continue;
      const init = { method: r.method, headers: {} };
      if (r.method !== 'GET' && r.method !== 'DELETE') {
        init.headers['Content-Type'] = 'application/json';
        init.body = '{}';
      }
      const res = await api(portal, pathOf(r.pattern), init);
      n += 1;
      if (res.status !== 401 || res.json?.error?.code !== 'not_signed_in') {
        problems.push(`${portal} ${r.method} ${r.pattern}: ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
  }
  assert.ok(n > 50, `${n} guarded routes walked`);
  assert.deepEqual(problems, []);
});

test('with a session but without the CSRF token every guarded state change answers 403', async () => {
  const problems = [];
  let n = 0;
  for (const [portal, routes] of Object.entries(tables)) {
    const c = admin.on(portal);
    for (const r of routes) {
      if (r.access === 'public' || r.method === 'GET') continue;
      // Sign-out without the token would end nothing: it is refused too.
      const res = await c.request(r.method, pathOf(r.pattern), r.method === 'DELETE' ? undefined : {}, { csrf: false });
      n += 1;
      if (res.status !== 403 || res.json?.error?.code !== 'csrf_invalid') {
        problems.push(`${portal} ${r.method} ${r.pattern}: ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
  }
  assert.ok(n > 30, `${n} state changes walked`);
  assert.deepEqual(problems, []);
  // The session still works: nothing above signed it out.
  const res = await admin.get('/api/v1/org');
  assert.equal(res.status, 200, res.text);
});

test('handlers name the kind of a failure, never a literal error status', () => {
  // The status of a failure comes from its kind (enum sdrz_err) in one
  // place, http.c's table: handlers answer with http_fail(),
  // http_fail_why(), http_error_from() or api_form_error().
  const found = [];
  for (const dir of ['api', 'sdrz', 'gxk', 'zyk']) {
    for (const f of readdirSync(join(ROOT, 'fcgi', dir)).filter((n) => n.endsWith('.c'))) {
      const src = readFileSync(join(ROOT, 'fcgi', dir, f), 'utf8');
      for (const m of src.matchAll(/http_error\(|api_form_error\([^,]+, *\d{3}/g)) found.push(`fcgi/${dir}/${f}: ${m[0]}`);
    }
  }
  assert.deepEqual(found, []);
});
