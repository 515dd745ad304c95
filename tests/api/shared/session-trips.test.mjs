// Round trips of signed-in requests (what the /me benchmark measures): the
// session and what the requests need of its person come in one statement,
// so GET /api/v1/me costs the database what GET /api/v1/health costs; so
// does the session answer of a personnel session, whose one role that
// statement brought too, while an admin's session answer reads its roles
// with one statement more. Each worker's statements are prepared once, so
// in the steady state a round trip is one execution of a prepared
// statement: the server's
// Com_stmt_execute counter, read around one request. The test stack's
// MariaDB serves only this test while it runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, sql } from '../lib.mjs';
import { Client, rootId } from '../accounts-lib.mjs';
import { approvedPersonnel, orgAdd, signInAdmin } from '../orgs-lib.mjs';

const executed = () => Number(sql("SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'")[0][1]);

// The statements one request executes, after the same request warmed both
// workers (their first request prepares).
async function trips(get, path) {
  for (let i = 0; i < 4; i++) assert.equal((await get(path)).status, 200);
  const counts = [];
  for (let i = 0; i < 3; i++) {
    const before = executed();
    const res = await get(path);
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    counts.push(executed() - before);
  }
  // The least of three: nothing else runs, but a session touched once a
  // minute adds an UPDATE to one of them.
  return Math.min(...counts);
}

async function person(name) {
  const unit = orgAdd({ kind: 'unit', parent: rootId(), name });
  const admin = await signInAdmin(unit);
  const p = await approvedPersonnel(unit.id, admin, { name: '周一行' });
  const c = new Client();
  const res = await c.login('personnel', p.body.id_number, p.body.password);
  assert.equal(res.status, 200, res.text);
  return { c, p, unit };
}

test('GET /api/v1/me signed in makes one round trip, as GET /api/v1/health does', async () => {
  const { c, unit } = await person('往返单位');
  const health = await trips((path) => api('sdrz', path), '/api/v1/health');
  assert.equal(health, 1, 'health: one SELECT');
  const me = await trips((path) => c.get(path), '/api/v1/me');
  assert.equal(me, 1, 'me: the session with its person, one statement');
  const session = await trips((path) => c.get(path), '/api/v1/auth/session');
  assert.equal(session, 1, 'personnel session: the session with its person and role, one statement');
  const admin = await signInAdmin(unit);
  const adminSession = await trips((path) => admin.get(path), '/api/v1/auth/session');
  assert.equal(adminSession, 2, 'admin session: the session with its person, and the roles');
});

test('the session answer of a personnel session names its role, as at sign-in', async () => {
  const { c, unit } = await person('角色单位');
  const res = await c.get('/api/v1/auth/session');
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.user_type, 'personnel');
  assert.equal(res.json.name, '周一行');
  assert.deepEqual(res.json.roles, [{ kind: 'personnel', org_id: unit.id, org_name: unit.name, status: 'approved' }]);
  assert.deepEqual(res.json.role, res.json.roles[0]);
});

test('the session is the request\'s: browsers taking turns on the same workers each get their own', async () => {
  const a = await person('轮流单位甲');
  const b = await person('轮流单位乙');
  const anonymous = new Client();
  for (let i = 0; i < 6; i++) {
    const ra = await a.c.get('/api/v1/me');
    assert.equal(ra.status, 200, ra.text);
    assert.equal(ra.json.personnel.org_id, a.unit.id);
    const rn = await anonymous.get('/api/v1/me');
    assert.equal(rn.status, 401, rn.text);
    assert.equal(rn.json.error.code, 'not_signed_in');
    const rb = await b.c.get('/api/v1/auth/session');
    assert.equal(rb.status, 200, rb.text);
    assert.equal(rb.json.role.org_id, b.unit.id);
    assert.equal(rb.json.name, '周一行');
  }
  // The answer of GET /api/v1/me is the person's as stored, the same
  // fields as before the session carried it.
  const me = await a.c.get('/api/v1/me');
  assert.deepEqual(Object.keys(me.json).sort(), ['birth_date', 'email', 'gender', 'id_number_masked',
    'id_type', 'landline', 'name', 'personnel', 'phone']);
  assert.equal(me.json.personnel.status, 'approved');
  assert.equal(me.json.personnel.dept, a.p.body.dept);
  assert.equal(me.json.personnel.major_code, a.p.body.major_code);
  assert.equal(typeof me.json.personnel.postdoc, 'boolean');
});
