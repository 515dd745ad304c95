// Authorization: every admin endpoint of the accounts and organisations API
// is walked with the ids of objects that belong to unit U1 (or that U1
// approves), as admins of other organisations of the tree, as personnel, as
// nobody, and as U1 admins whose role lacks the endpoint's module; each is
// refused and nothing changes. Then the right admins succeed, so the
// refusals are not vacuous.
//
//   city bureau (root)
//   ├── D1 (hrb_district)
//   │   ├── P1 (dept) ── U1 (unit) ── B1 (branch)
//   │   │             └─ U2 (unit, U1's sibling)
//   │   └── BASE (base)
//   └── D2 (hrb_district)
//       └── P2 (dept, the parent's sibling) ── U3 (unit)
import assert from 'node:assert/strict';
import { test, before } from 'node:test';
import { sql } from './lib.mjs';
import { Client, freshId, rootId } from './accounts-lib.mjs';
import {
  addAdmin, approvedPersonnel, createRole, orgAdd, pendingBranch, pendingPersonnel,
  reviewOf, signIn, signInAdmin, uniqueName,
} from './orgs-lib.mjs';

// The permission modules of the contract.
const MODULES = ['account_review', 'info_review', 'org_info', 'admins', 'suborgs'];

const org = {};		// the tree: D1, D2, P1, P2, U1, U2, U3, B1, BASE
const s = {};		// sessions: super admins by org key, and the others
const t = {};		// the targets' ids
const moduleAdmins = [];	// {module, roleId, personId, c}
let rows;

before(async () => {
  const root = rootId();
  // Regions outside the region dictionary: no registration can name them,
  // so these district bureaus never take another test's registrations.
  org.D1 = orgAdd({ kind: 'hrb_district', parent: root, name: '权限测试甲区人社局', region: '379901' });
  org.D2 = orgAdd({ kind: 'hrb_district', parent: root, name: '权限测试乙区人社局', region: '379902' });
  org.P1 = orgAdd({ kind: 'dept', parent: org.D1.id, name: '权限测试甲主管部门' });
  org.P2 = orgAdd({ kind: 'dept', parent: org.D2.id, name: '权限测试乙主管部门' });
  org.U1 = orgAdd({ kind: 'unit', parent: org.P1.id, name: '权限测试目标单位' });
  org.B1 = orgAdd({ kind: 'unit', parent: org.U1.id, name: '权限测试目标下级单位' });
  org.U2 = orgAdd({ kind: 'unit', parent: org.P1.id, name: '权限测试兄弟单位' });
  org.U3 = orgAdd({ kind: 'unit', parent: org.P2.id, name: '权限测试远亲单位' });
  org.BASE = orgAdd({ kind: 'base', parent: org.D1.id, name: '权限测试继续教育基地' });

  for (const k of ['U1', 'P1', 'U2', 'U3', 'P2', 'B1', 'BASE']) s[k] = await signInAdmin(org[k]);

  // Personnel of U1: one approved (the "pick" target and the personnel
  // session; its review is a decided one), one pending.
  t.Y = await approvedPersonnel(org.U1.id, s.U1, { name: '权限乙' });
  t.R1d = t.Y.reviewId;
  s.person = await signIn('personnel', t.Y.body.id_number, t.Y.body.password,
    { orgId: org.U1.id, kind: 'personnel' });
  t.X = await pendingPersonnel(org.U1.id, { name: '权限甲' });
  t.R1 = t.X.reviewId;

  // Branch registrations under U1: one pending, one rejected by U1.
  t.O2 = await pendingBranch(org.U1.id);
  t.R2 = t.O2.reviewId;
  t.O2d = await pendingBranch(org.U1.id);
  t.R2d = t.O2d.reviewId;
  let d = await s.U1.post('/api/v1/reviews/org-registrations/decide',
    { ids: [t.R2d], decision: 'reject', reason: '材料不全' });
  assert.equal(d.json?.done, 1, d.text);

  // B1's change requests, approved by U1: one rejected, one pending.
  let res = await s.B1.post('/api/v1/org/change', { name: `${org.B1.name}甲`, note: '更名' });
  assert.equal(res.status, 202, res.text);
  t.R3d = reviewOf('org_change', 'org', org.B1.id);
  d = await s.U1.post('/api/v1/reviews/org-changes/decide', { ids: [t.R3d], decision: 'reject', reason: '名称不规范' });
  assert.equal(d.json?.done, 1, d.text);
  t.B1NewName = `${org.B1.name}乙`;
  res = await s.B1.post('/api/v1/org/change', { name: t.B1NewName, note: '再次更名' });
  assert.equal(res.status, 202, res.text);
  t.R3 = reviewOf('org_change', 'org', org.B1.id);
  assert.notEqual(t.R3, t.R3d);

  // A role of U1 that no admin holds, a second admin of U1 without a role,
  // and a second admin of B1.
  t.role = await createRole(s.U1, '权限目标角色', ['suborgs']);
  t.A2 = await addAdmin(s.U1, { name: '权限二管' });
  t.B1A2 = await addAdmin(s.B1, { name: '下级二管' });
  s.A2 = await signIn('unit', t.A2.idNumber, t.A2.password, { orgId: org.U1.id });

  // The modules the platform lists are the contract's; an admin of U1 for
  // each, holding a role with that module alone.
  res = await s.U1.get('/api/v1/org/modules');
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.map((m) => m.name).sort(), [...MODULES].sort());
  for (const m of MODULES) {
    const roleId = await createRole(s.U1, `单项${m}`, [m]);
    const a = await addAdmin(s.U1, { roleId, name: '单项管理' });
    const c = await signIn('unit', a.idNumber, a.password, { orgId: org.U1.id });
    moduleAdmins.push({ module: m, roleId, personId: a.personId, c });
  }
  t.moduleRoles = moduleAdmins.map((a) => a.roleId);

  rows = walkRows();
});

const has = (items, pred) => Array.isArray(items) && items.some(pred);

// Every admin endpoint of the contract, with the targets' ids and a body
// that would succeed for the right admin. scope says what an admin of
// another organisation (a super admin: holds every module) must get:
//   target  names an object of U1's: 404 not_found (or a 403)
//   decide  a batch decision: 200, every item ok: false with not_found
//   foreign adds to the actor's own organisation but names U1's person or
//           role: 400 invalid naming that field
//   list    the actor's own queue or list: 200, and `sees` is false
//   own     the actor's own organisation or the module list: 200
//   self    a write on the actor's own organisation (the body also carries
//           U1's id, which must be ignored): may succeed, U1 stays as it is
// ancestorMay: P1 (U1's parent) may do it, the subtree being P1's.
function walkRows() {
  const { U1, B1 } = org;
  const U1admins = [org.U1.adminPersonId, t.A2.personId, ...moduleAdmins.map((a) => a.personId)];
  const PR = '/api/v1/reviews/personnel-registrations';
  const OR = '/api/v1/reviews/org-registrations';
  const OC = '/api/v1/reviews/org-changes';
  return [
    // Accounts: 注册人员审核
    { m: 'GET', p: `${PR}?status=pending&size=100`, module: 'account_review', scope: 'list',
      sees: (j) => has(j?.items, (i) => i.id === t.R1) },
    { m: 'GET', p: `${PR}?status=decided&size=100`, module: 'account_review', scope: 'list',
      sees: (j) => has(j?.items, (i) => i.id === t.R1d) },
    { m: 'GET', p: `${PR}/${t.R1}`, module: 'account_review', scope: 'target' },
    { m: 'POST', p: `${PR}/decide`, body: { ids: [t.R1], decision: 'approve' }, module: 'account_review', scope: 'decide' },
    { m: 'POST', p: `${PR}/decide`, body: { ids: [t.R1], decision: 'reject', reason: '越权驳回' }, module: 'account_review', scope: 'decide' },
    { m: 'DELETE', p: `${PR}/${t.R1d}`, module: 'account_review', scope: 'target' },
    // The organisation's own information
    { m: 'GET', p: '/api/v1/org', module: null, scope: 'own' },
    { m: 'PUT', p: '/api/v1/org', body: { id: U1.id, org_id: U1.id, phone: '0633-7654321', address: '越权测试路 9 号' },
      module: 'org_info', scope: 'self' },
    { m: 'POST', p: '/api/v1/org/change', body: { id: U1.id, org_id: U1.id, name: uniqueName('越权更名'), note: '越权' },
      module: 'org_info', scope: 'self' },
    // Admins
    { m: 'GET', p: '/api/v1/org/admins', module: 'admins', scope: 'list',
      sees: (j) => has(j, (a) => U1admins.includes(a.person_id)) },
    { m: 'POST', p: '/api/v1/org/admins', body: { mode: 'pick', person_id: t.Y.personId }, module: 'admins',
      scope: 'foreign', field: 'person_id' },
    { m: 'POST', p: '/api/v1/org/admins', module: 'admins', scope: 'foreign', field: 'role_id',
      body: () => ({ mode: 'register', role_id: t.role, id_type: '01', id_number: freshId(), name: '越权管理',
        password: 'Other2026d', password2: 'Other2026d', phone: '13906330000', email: 'x@example.cn' }) },
    { m: 'POST', p: `/api/v1/org/admins/${t.A2.personId}/super`, module: 'admins', scope: 'target' },
    { m: 'PUT', p: `/api/v1/org/admins/${t.A2.personId}/role`, body: { role_id: t.role }, module: 'admins', scope: 'target' },
    { m: 'PUT', p: `/api/v1/org/admins/${moduleAdmins[0].personId}/role`, body: { role_id: null }, module: 'admins', scope: 'target' },
    { m: 'DELETE', p: `/api/v1/org/admins/${t.A2.personId}`, module: 'admins', scope: 'target' },
    { m: 'GET', p: '/api/v1/org/modules', module: 'admins', scope: 'own' },
    // Roles
    { m: 'GET', p: '/api/v1/org/roles', module: 'admins', scope: 'list',
      sees: (j) => has(j, (r) => r.id === t.role || t.moduleRoles.includes(r.id)) },
    { m: 'POST', p: '/api/v1/org/roles', body: () => ({ org_id: U1.id, name: uniqueName('越权角色'), modules: ['suborgs'] }),
      module: 'admins', scope: 'self' },
    { m: 'PUT', p: `/api/v1/org/roles/${t.role}`, body: { name: uniqueName('越权改名'), modules: MODULES },
      module: 'admins', scope: 'target' },
    { m: 'DELETE', p: `/api/v1/org/roles/${t.role}`, module: 'admins', scope: 'target' },
    // The subtree
    { m: 'GET', p: '/api/v1/orgs?size=100', module: 'suborgs', scope: 'list', ancestorMay: true,
      sees: (j) => has(j?.items, (o) => o.id === B1.id || o.id === U1.id) },
    { m: 'GET', p: `/api/v1/orgs?type=branch&name=${encodeURIComponent(B1.name)}`, module: 'suborgs', scope: 'list',
      ancestorMay: true, sees: (j) => has(j?.items, (o) => o.id === B1.id) },
    { m: 'GET', p: `/api/v1/orgs/${B1.id}`, module: 'suborgs', scope: 'target', ancestorMay: true },
    { m: 'GET', p: `/api/v1/orgs/${U1.id}`, module: 'suborgs', scope: 'target', ancestorMay: true, parentOnly: true },
    { m: 'DELETE', p: `/api/v1/orgs/${B1.id}/admins/${t.B1A2.personId}`, module: 'suborgs', scope: 'target', ancestorMay: true },
    // Organisation registrations addressed to U1 (下级单位审核)
    { m: 'GET', p: `${OR}?type=branch&size=100`, module: 'account_review', scope: 'list',
      sees: (j) => has(j?.items, (o) => o.review?.id === t.R2 || o.id === t.O2.id) },
    { m: 'GET', p: `${OR}?status=decided&size=100`, module: 'account_review', scope: 'list',
      sees: (j) => has(j?.items, (o) => o.review?.id === t.R2d || o.id === t.O2d.id) },
    { m: 'GET', p: `${OR}/${t.R2}`, module: 'account_review', scope: 'target' },
    { m: 'POST', p: `${OR}/decide`, body: { ids: [t.R2], decision: 'approve' }, module: 'account_review', scope: 'decide' },
    { m: 'POST', p: `${OR}/decide`, body: { ids: [t.R2], decision: 'reject', reason: '越权驳回' }, module: 'account_review', scope: 'decide' },
    { m: 'DELETE', p: `${OR}/${t.R2d}`, module: 'account_review', scope: 'target' },
    // Organisation changes addressed to U1 (机构信息修改审验)
    { m: 'GET', p: `${OC}?size=100`, module: 'info_review', scope: 'list',
      sees: (j) => has(j?.items, (o) => o.review?.id === t.R3) },
    { m: 'GET', p: `${OC}?status=decided&size=100`, module: 'info_review', scope: 'list',
      sees: (j) => has(j?.items, (o) => o.review?.id === t.R3d) },
    { m: 'POST', p: `${OC}/decide`, body: { ids: [t.R3], decision: 'approve' }, module: 'info_review', scope: 'decide' },
    { m: 'POST', p: `${OC}/decide`, body: { ids: [t.R3], decision: 'reject', reason: '越权驳回' }, module: 'info_review', scope: 'decide' },
    { m: 'DELETE', p: `${OC}/${t.R3d}`, module: 'info_review', scope: 'target' },
  ];
}

// The distinct routes (method and pattern) the walk covers.
function routesOf(list) {
  return new Set(list.map((r) => `${r.m} ${r.p.replace(/\?.*$/, '').replace(/\/\d+/g, '/:id')}`));
}

async function call(c, row) {
  const body = typeof row.body === 'function' ? row.body() : row.body;
  return c.request(row.m, row.p, body ?? (row.m === 'GET' || row.m === 'DELETE' ? undefined : {}));
}

const brief = (res) => `${res.status} ${res.text.slice(0, 200)}`;
const label = (row) => `${row.m} ${row.p}`;

function isError(res, status, code) {
  return res.status === status && res.json?.error?.code === code &&
    typeof res.json.error.message === 'string' && /[\u4e00-\u9fff]/.test(res.json.error.message);
}

// What an admin of another organisation (actor {c, org}) got wrong on row,
// or null.
function outsiderProblem(row, res, actor) {
  switch (row.scope) {
    case 'target':
      if ((res.status === 404 && res.json?.error?.code === 'not_found') ||
          (res.status === 403 && res.json?.error?.code && res.json.error.code !== 'csrf_invalid')) return null;
      return `expected 404 not_found or 403, got ${brief(res)}`;
    case 'decide': {
      const r = res.json?.results;
      const ok = res.status === 200 && Array.isArray(r) && r.length === row.body.ids.length &&
        r.every((x) => x.ok === false && x.code === 'not_found') && res.json.done === 0;
      return ok ? null : `expected 200 with every item ok:false not_found, got ${brief(res)}`;
    }
    case 'foreign':
      if (res.status === 400 && res.json?.error?.code === 'invalid' && res.json.error.fields?.[row.field]) return null;
      if (res.status === 404 || res.status === 403) return null;
      return `expected 400 invalid naming ${row.field} (or 403/404), got ${brief(res)}`;
    case 'list':
      if (res.status !== 200) return `expected 200 (its own list), got ${brief(res)}`;
      return row.sees(res.json) ? `shows U1's object: ${res.text.slice(0, 300)}` : null;
    case 'own':
      if (res.status !== 200) return `expected 200, got ${brief(res)}`;
      if (row.p === '/api/v1/org' && res.json?.id !== actor.org.id) {
        return `answers organisation ${res.json?.id}, not the session's ${actor.org.id}`;
      }
      return null;
    case 'self':
      if (res.status >= 500) return `server error ${brief(res)}`;
      if (row.p === '/api/v1/org/roles' && res.status === 201) {
        const [[owner]] = sql(`SELECT org_id FROM admin_role WHERE id = ${Number(res.json.id)}`);
        if (Number(owner) !== actor.org.id) return `created role ${res.json.id} in organisation ${owner}`;
      }
      return null;
    default:
      throw new Error(`scope ${row.scope}`);
  }
}

// Walks every row as each actor; returns the problems found.
async function walkOutsiders(actors, list, tc) {
  const problems = [];
  let n = 0;
  for (const actor of actors) {
    for (const row of list) {
      const res = await call(actor.c, row);
      n += 1;
      const p = outsiderProblem(row, res, actor);
      if (p) problems.push(`${label(row)} as ${actor.label}: ${p}`);
    }
  }
  tc.diagnostic(`${n} calls (${list.length} rows × ${actors.length} actors)`);
  return problems;
}

// The ids of the targets, as SQL lists: U1, its branches (B1, and the two
// registered ones), the people of U1 and B1, the reviews U1 approves.
function targetIds() {
  return {
    orgs: [org.U1.id, org.B1.id, t.O2.id, t.O2d.id].join(','),
    people: [t.X.personId, t.Y.personId, t.A2.personId, t.B1A2.personId, org.U1.adminPersonId,
      org.B1.adminPersonId, ...moduleAdmins.map((a) => a.personId)].join(','),
    reviews: [t.R1, t.R1d, t.R2, t.R2d, t.R3, t.R3d].join(','),
  };
}

function snapshot() {
  const { orgs, people, reviews } = targetIds();
  return {
    org: sql(`SELECT id, parent_id, kind, name, uscc, has_uscc, nature, industry, level, phone, address,
      region_code, status, path FROM org WHERE id IN (${orgs}) ORDER BY id`),
    admins: sql(`SELECT org_id, person_id, is_super, role_id, status FROM org_admin
      WHERE org_id IN (${org.U1.id}, ${org.B1.id}) OR person_id IN (${people}) ORDER BY org_id, person_id`),
    roles: sql(`SELECT r.id, r.name, m.module FROM admin_role r LEFT JOIN admin_role_module m ON m.role_id = r.id
      WHERE r.org_id = ${org.U1.id} ORDER BY r.id, m.module`),
    reviews: sql(`SELECT id, kind, subject_type, subject_id, status, decided_by, hidden FROM review
      WHERE id IN (${reviews}) OR (subject_type = 'org' AND subject_id IN (${orgs}))
      OR (subject_type = 'person' AND subject_id IN (${people})) ORDER BY id`),
    approvers: sql(`SELECT review_id, org_id, status, hidden FROM review_approver
      WHERE review_id IN (${reviews}) ORDER BY review_id, org_id`),
    personnel: sql(`SELECT person_id, org_id, status FROM personnel WHERE person_id IN (${people}) ORDER BY person_id`),
  };
}

// Audit records about a target written since `since`.
function auditSince(since) {
  const { orgs, people, reviews } = targetIds();
  const roles = [t.role, ...t.moduleRoles].join(',');
  return sql(`SELECT action, subject_type, subject_id, actor_org_id FROM audit_log WHERE at >= '${since}' AND (
    (subject_type = 'org' AND subject_id IN (${orgs})) OR (subject_type = 'person' AND subject_id IN (${people}))
    OR (subject_type = 'review' AND subject_id IN (${reviews})) OR (subject_type = 'admin_role' AND subject_id IN (${roles})))`);
}

let before0;
let walkStart;

test('the setup holds the targets, pending and decided', () => {
  const status = (id) => sql(`SELECT status FROM review WHERE id = ${id}`)[0][0];
  assert.equal(status(t.R1), 'pending');
  assert.equal(status(t.R1d), 'approved');
  assert.equal(status(t.R2), 'pending');
  assert.equal(status(t.R2d), 'rejected');
  assert.equal(status(t.R3), 'pending');
  assert.equal(status(t.R3d), 'rejected');
  // U1 approves the branch registrations and B1's changes.
  for (const r of [t.R2, t.R3]) {
    assert.deepEqual(sql(`SELECT org_id FROM review_approver WHERE review_id = ${r}`), [[String(org.U1.id)]]);
  }
  // Every route of the organisations and the review API is in the walk.
  const routes = routesOf(rows);
  assert.equal(routes.size, 27, [...routes].join('\n'));
  before0 = snapshot();
  [[walkStart]] = sql('SELECT NOW(3)');
});

test('admins of other organisations are refused on every endpoint', async (tc) => {
  const actors = [
    { label: 'U2 super admin (sibling unit)', c: s.U2, org: org.U2 },
    { label: 'U3 super admin (unit under the parent\'s sibling)', c: s.U3, org: org.U3 },
    { label: 'P2 super admin (the parent\'s sibling)', c: s.P2, org: org.P2 },
    { label: 'B1 super admin (U1\'s own branch)', c: s.B1, org: org.B1 },
    { label: 'BASE super admin (CE base under the grandparent)', c: s.BASE, org: org.BASE },
  ];
  const problems = await walkOutsiders(actors, rows, tc);
  assert.deepEqual(problems, []);
});

test('the parent\'s admin does not decide or manage in U1\'s place', async (tc) => {
  // P1 reaches U1 and B1 through the subtree endpoints (the positive
  // controls below), and nothing else of U1's.
  const list = rows.filter((r) => !r.ancestorMay);
  const problems = await walkOutsiders([{ label: 'P1 super admin (U1\'s parent)', c: s.P1, org: org.P1 }], list, tc);
  assert.deepEqual(problems, []);
});

test('personnel of U1 get admin_required on every endpoint', async (tc) => {
  const problems = [];
  for (const row of rows) {
    const res = await call(s.person, row);
    if (!isError(res, 403, 'admin_required')) problems.push(`${label(row)} as personnel: ${brief(res)}`);
  }
  tc.diagnostic(`${rows.length} calls`);
  assert.deepEqual(problems, []);
});

test('without a session every endpoint answers not_signed_in', async (tc) => {
  const problems = [];
  for (const row of rows) {
    const res = await call(new Client(), row);
    if (!isError(res, 401, 'not_signed_in')) problems.push(`${label(row)} without session: ${brief(res)}`);
  }
  tc.diagnostic(`${rows.length} calls`);
  assert.deepEqual(problems, []);
});

test('U1 admins get module_forbidden outside their role\'s module, and read within it', async (tc) => {
  const problems = [];
  let refused = 0;
  let allowed = 0;
  const actors = [
    ...moduleAdmins.map((a) => ({ label: `U1 admin with role {${a.module}}`, c: a.c, modules: [a.module] })),
    { label: 'U1 admin without a role', c: s.A2, modules: [] },
  ];
  for (const actor of actors) {
    for (const row of rows) {
      if (row.module !== null && !actor.modules.includes(row.module)) {
        const res = await call(actor.c, row);
        refused += 1;
        if (!isError(res, 403, 'module_forbidden')) problems.push(`${label(row)} as ${actor.label}: ${brief(res)}`);
      } else if (row.m === 'GET' && !row.parentOnly) {
        // Within the module: the read succeeds and shows U1's object.
        const res = await call(actor.c, row);
        allowed += 1;
        if (res.status !== 200) {
          problems.push(`${label(row)} as ${actor.label} (holds the module): ${brief(res)}`);
        } else if (row.sees && !row.sees(res.json)) {
          problems.push(`${label(row)} as ${actor.label} (holds the module): U1's object missing`);
        } else if (row.p === '/api/v1/org') {
          if (res.json.id !== org.U1.id) problems.push(`GET /api/v1/org as ${actor.label}: organisation ${res.json.id}`);
          if (JSON.stringify([...res.json.modules].sort()) !== JSON.stringify(actor.modules)) {
            problems.push(`GET /api/v1/org as ${actor.label}: modules ${JSON.stringify(res.json.modules)}`);
          }
        }
      }
    }
  }
  tc.diagnostic(`${refused} refusals and ${allowed} allowed reads checked`);
  assert.deepEqual(problems, []);
});

test('a review id does not reach another kind\'s queue, even for its approver', async () => {
  const PR = '/api/v1/reviews/personnel-registrations';
  const OR = '/api/v1/reviews/org-registrations';
  const OC = '/api/v1/reviews/org-changes';
  const cases = [
    [`${PR}/decide`, t.R2], [`${PR}/decide`, t.R3],
    [`${OR}/decide`, t.R1], [`${OR}/decide`, t.R3],
    [`${OC}/decide`, t.R1], [`${OC}/decide`, t.R2],
  ];
  for (const [path, id] of cases) {
    const res = await s.U1.post(path, { ids: [id], decision: 'approve' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.results[0].ok, false, `${path} with review ${id}: ${res.text}`);
    assert.equal(res.json.results[0].code, 'not_found', `${path} with review ${id}`);
  }
  for (const path of [`${PR}/${t.R2}`, `${OR}/${t.R1}`, `${OR}/${t.R3}`]) {
    const res = await s.U1.get(path);
    assert.equal(res.status, 404, `${path}: ${res.text}`);
  }
  for (const path of [`${PR}/${t.R2d}`, `${OR}/${t.R1d}`, `${OC}/${t.R2d}`, `${OR}/${t.R3d}`]) {
    const res = await s.U1.del(path);
    assert.equal(res.status, 404, `DELETE ${path}: ${res.text}`);
  }
});

test('no one switches into U1\'s admin role', async () => {
  for (const c of [s.U2, s.P2, s.P1, s.B1, s.person]) {
    const res = await c.post('/api/v1/auth/role', { kind: 'admin', org_id: org.U1.id });
    assert.equal(res.status, 403, res.text);
    assert.equal(res.json.error.code, 'role_unavailable');
  }
  const res = await s.U2.get('/api/v1/org');
  assert.equal(res.json.id, org.U2.id, 'the refused switch left the role as it was');
});

test('after the walk nothing of U1\'s changed', () => {
  assert.deepEqual(snapshot(), before0);
  assert.deepEqual(auditSince(walkStart), [], 'no audit record about a target');
});

// ---- positive controls ----

test('U1\'s super admin sees every target; P1\'s sees U1 in its subtree', async () => {
  for (const row of rows.filter((r) => r.m === 'GET' && !r.parentOnly)) {
    const res = await call(s.U1, row);
    assert.equal(res.status, 200, `${label(row)}: ${res.text}`);
    if (row.sees) assert.ok(row.sees(res.json), `${label(row)} shows U1's object`);
  }
  let res = await s.U1.get(`/api/v1/reviews/org-registrations/${t.R2}`);
  assert.equal(res.json.id, t.O2.id);
  assert.equal(res.json.review_status, 'pending');
  res = await s.U1.get(`/api/v1/reviews/personnel-registrations/${t.R1}`);
  assert.equal(res.json.id_number, t.X.body.id_number);
  res = await s.U1.get(`/api/v1/orgs/${org.B1.id}`);
  assert.ok(res.json.admins.some((a) => a.person_id === t.B1A2.personId));
  res = await s.P1.get(`/api/v1/orgs/${org.U1.id}`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.id, org.U1.id);
  res = await s.P1.get(`/api/v1/orgs/${org.B1.id}`);
  assert.equal(res.status, 200, res.text);
  // U1 is not below itself.
  assert.equal((await s.U1.get(`/api/v1/orgs/${org.U1.id}`)).status, 404);
});

const holder = (m) => moduleAdmins.find((a) => a.module === m).c;

test('the account_review admin decides what the others could not', async () => {
  const c = holder('account_review');
  let res = await c.post('/api/v1/reviews/personnel-registrations/decide', { ids: [t.R1], decision: 'approve' });
  assert.equal(res.json?.done, 1, res.text);
  assert.equal(sql(`SELECT status FROM personnel WHERE person_id = ${t.X.personId}`)[0][0], 'approved');
  res = await c.del(`/api/v1/reviews/personnel-registrations/${t.R1d}`);
  assert.equal(res.status, 204, res.text);
  res = await c.del(`/api/v1/reviews/org-registrations/${t.R2d}`);
  assert.equal(res.status, 204, res.text);
  assert.deepEqual(sql(`SELECT hidden FROM review_approver WHERE review_id IN (${t.R1d}, ${t.R2d})`), [['1'], ['1']]);
  // The super admin approves the branch.
  res = await s.U1.post('/api/v1/reviews/org-registrations/decide', { ids: [t.R2], decision: 'approve' });
  assert.equal(res.json?.done, 1, res.text);
  assert.equal(sql(`SELECT status FROM org WHERE id = ${t.O2.id}`)[0][0], 'approved');
});

test('the info_review admin approves B1\'s change', async () => {
  const c = holder('info_review');
  let res = await c.post('/api/v1/reviews/org-changes/decide', { ids: [t.R3], decision: 'approve' });
  assert.equal(res.json?.done, 1, res.text);
  assert.equal(sql(`SELECT name FROM org WHERE id = ${org.B1.id}`)[0][0], t.B1NewName);
  res = await c.del(`/api/v1/reviews/org-changes/${t.R3d}`);
  assert.equal(res.status, 204, res.text);
});

test('the suborgs admin removes B1\'s second admin', async () => {
  const res = await holder('suborgs').del(`/api/v1/orgs/${org.B1.id}/admins/${t.B1A2.personId}`);
  assert.equal(res.status, 204, res.text);
  assert.equal(sql(`SELECT status FROM org_admin WHERE org_id = ${org.B1.id} AND person_id = ${t.B1A2.personId}`)[0][0],
    'removed');
});

test('the admins admin manages admins and roles', async () => {
  const c = holder('admins');
  const A2 = t.A2.personId;
  const ok = async (res, status) => assert.equal(res.status, status, res.text);
  await ok(await c.request('PUT', `/api/v1/org/admins/${A2}/role`, { role_id: t.role }), 204);
  const inUse = await c.del(`/api/v1/org/roles/${t.role}`);
  assert.equal(inUse.status, 409, inUse.text);
  assert.equal(inUse.json.error.code, 'role_in_use');
  await ok(await c.request('PUT', `/api/v1/org/admins/${A2}/role`, { role_id: null }), 204);
  await ok(await c.request('PUT', `/api/v1/org/roles/${t.role}`, { name: uniqueName('改名角色'), modules: ['suborgs'] }), 200);
  await ok(await c.del(`/api/v1/org/roles/${t.role}`), 204);
  assert.deepEqual(sql(`SELECT COUNT(*) FROM admin_role WHERE id = ${t.role}`), [['0']]);
  await ok(await c.post(`/api/v1/org/admins/${A2}/super`), 204);
  assert.deepEqual(sql(`SELECT person_id FROM org_admin WHERE org_id = ${org.U1.id} AND is_super = 1`), [[String(A2)]]);
  await ok(await c.post(`/api/v1/org/admins/${org.U1.adminPersonId}/super`), 204);
  await ok(await c.del(`/api/v1/org/admins/${A2}`), 204);
  const gone = await s.A2.get('/api/v1/org');
  assert.ok(gone.status === 401 || gone.status === 403, `the removed admin's session: ${gone.text}`);
  await ok(await c.post('/api/v1/org/admins', { mode: 'pick', person_id: t.Y.personId, role_id: t.moduleRoles[0] }), 204);
  assert.deepEqual(sql(`SELECT role_id, status FROM org_admin WHERE org_id = ${org.U1.id} AND person_id = ${t.Y.personId}`),
    [[String(t.moduleRoles[0]), 'active']]);
});

test('the org_info admin edits U1 and asks a change, which P1 approves', async () => {
  const c = holder('org_info');
  let res = await c.request('PUT', '/api/v1/org', { phone: '0633-2223333', address: '日照市东港区新址 2 号' });
  assert.equal(res.status, 204, res.text);
  assert.deepEqual(sql(`SELECT phone, address FROM org WHERE id = ${org.U1.id}`), [['0633-2223333', '日照市东港区新址 2 号']]);
  const name = `${org.U1.name}新`;
  res = await c.post('/api/v1/org/change', { name, note: '更名' });
  assert.equal(res.status, 202, res.text);
  const r = reviewOf('org_change', 'org', org.U1.id);
  // The parent's sibling cannot decide it; the parent can.
  res = await s.P2.post('/api/v1/reviews/org-changes/decide', { ids: [r], decision: 'approve' });
  assert.equal(res.json?.results?.[0]?.code, 'not_found', res.text);
  res = await s.P1.get('/api/v1/reviews/org-changes?size=100');
  assert.ok(res.json.items.some((o) => o.review.id === r && o.id === org.U1.id), res.text);
  res = await s.P1.post('/api/v1/reviews/org-changes/decide', { ids: [r], decision: 'approve' });
  assert.equal(res.json?.done, 1, res.text);
  assert.equal(sql(`SELECT name FROM org WHERE id = ${org.U1.id}`)[0][0], name);
});
