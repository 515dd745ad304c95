// Authorization: every admin endpoint of the accounts, organisations,
// profile and hours API is walked with the ids of objects that belong to
// unit U1 (or that U1 approves), as admins of other organisations of the
// tree, as personnel, as nobody, and as U1 admins whose role lacks the
// endpoint's module; each is refused and nothing changes. The HR bureaus'
// endpoints answer bureau_required below a bureau, the city bureau's below
// the city. Then the right admins succeed, so the refusals are not vacuous.
// The proof attachments of a profile change or a declaration are read by
// their owner and its reviewers only, a certificate's PDF by its holder.
// 公需科目管理 (module courses) is the city bureau's: its class, course,
// section, bank and question are targets that district bureaus read and
// nobody else touches.
//
//   city bureau (root, hrb_city)
//   ├── D1 (hrb_district)
//   │   ├── P1 (dept) ── U1 (unit) ── B1 (branch)
//   │   │             └─ U2 (unit, U1's sibling)
//   │   └── BASE (base)
//   └── D2 (hrb_district)
//       └── P2 (dept, the parent's sibling) ── U3 (unit)
//                                          └─ UX (unit: people who ask to move to U1)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test, before, after } from 'node:test';
import { ROOT, api, sql } from '../lib.mjs';
import { Client, freshId, rootId } from '../accounts-lib.mjs';
import {
  addAdmin, approvedPersonnel, askChange, askTransfer, bookDeclaration, createRole, declare, orgAdd,
  pendingBranch, pendingPersonnel, reviewOf, signIn, signInAdmin, signInCity, uniqueName, uploadPdf,
} from '../orgs-lib.mjs';
import { importFile, makeBank, readyVideo, single, xlsx, HEADER } from '../courses-lib.mjs';

// The permission modules of the contract.
const MODULES = ['account_review', 'info_review', 'org_info', 'admins', 'suborgs', 'personnel', 'hours', 'courses'];

// The year of the hours and certificates; the city-wide objects the city
// bureau's endpoints name in the walk: a far year's rule (none before the
// walk) and one study form.
const YEAR = new Date().getFullYear();
const PROBE_YEAR = 2099;
const PROBE_FORM = 'qualification';

const org = {};		// the tree: city, D1, D2, P1, P2, U1, U2, U3, UX, B1, BASE
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
  org.UX = orgAdd({ kind: 'unit', parent: org.P2.id, name: '权限测试调出单位' });

  for (const k of ['U1', 'P1', 'D1', 'U2', 'U3', 'P2', 'UX', 'B1', 'BASE', 'D2']) s[k] = await signInAdmin(org[k]);
  ({ c: s.city, org: org.city } = await signInCity());

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

  // U2's own objects, for batches that mix U2's ids with U1's.
  t.U2A2 = await addAdmin(s.U2, { name: '兄弟二管' });
  t.U2X = await pendingPersonnel(org.U2.id, { name: '兄弟甲' });

  // 人员信息修改审核: C, personnel of U1, asks a change with a PDF proof
  // (pending, R4) and keeps a second upload unbound; Y's change was
  // rejected by U1 (R4d).
  t.C = await approvedPersonnel(org.U1.id, s.U1, { name: '权限丙' });
  s.C = await signIn('personnel', t.C.body.id_number, t.C.body.password, { orgId: org.U1.id, kind: 'personnel' });
  t.att = await uploadPdf(s.C, '职称证书.pdf');
  t.attLoose = await uploadPdf(s.C, '未提交.pdf');
  t.R4 = await askChange(s.C, t.C.personId, { attachments: [t.att.id] });
  t.R4d = await askChange(s.person, t.Y.personId);
  d = await s.U1.post('/api/v1/reviews/profile-changes/decide', { ids: [t.R4d], decision: 'reject', reason: '证明不全' });
  assert.equal(d.json?.done, 1, d.text);

  // Transfers into U1 from UX: T's pending (T1), T2's rejected by U1 (T1d).
  t.T = await approvedPersonnel(org.UX.id, s.UX, { name: '权限调甲' });
  t.T2 = await approvedPersonnel(org.UX.id, s.UX, { name: '权限调乙' });
  for (const [k, p] of [['T', t.T], ['T2', t.T2]]) {
    s[k] = await signIn('personnel', p.body.id_number, p.body.password, { orgId: org.UX.id, kind: 'personnel' });
  }
  t.T1 = await askTransfer(s.T, t.T.personId, org.U1.id);
  t.T1d = await askTransfer(s.T2, t.T2.personId, org.U1.id);
  d = await s.U1.post('/api/v1/reviews/transfers/decide', { ids: [t.T1d.reviewId], decision: 'reject', reason: '岗位已满' });
  assert.equal(d.json?.done, 1, d.text);

  // 学时: U1's super admin credits Y 30 public and 60 professional hours,
  // and Y takes the year's completion certificate.
  for (const [category, hours] of [['public', 30], ['professional', 60]]) {
    res = await s.U1.post('/api/v1/hours', { person_id: t.Y.personId, year: YEAR, category, study_form: 'online',
      title: `权限测试${category === 'public' ? '公需' : '专业'}科目`, hours });
    assert.equal(res.status, 204, res.text);
  }
  res = await s.person.post('/api/v1/me/certificates', { kind: 'completion', year: YEAR });
  assert.equal(res.status, 201, res.text);
  t.cert = res.json.number;
  // C declares three published books (出版著作, a proof each): DL pending,
  // DLd rejected by U1, DL2 pending (for P1).
  res = await s.C.get('/api/v1/hours/forms');
  assert.equal(res.status, 200, res.text);
  const book = res.json.forms.find((f) => f.code === 'book');
  assert.ok(book?.declarable && book.attachment_required, `the book form: ${res.text.slice(0, 300)}`);
  assert.deepEqual(book.fields.map((f) => f.name).sort(), Object.keys(bookDeclaration(YEAR).data).sort());
  t.DL = await declare(s.C, bookDeclaration(YEAR));
  t.DLd = await declare(s.C, bookDeclaration(YEAR));
  t.DL2 = await declare(s.C, bookDeclaration(YEAR));
  d = await s.U1.post('/api/v1/reviews/declarations/decide',
    { ids: [t.DLd.reviewId], decision: 'reject', reason: '证明材料不清晰' });
  assert.equal(d.json?.done, 1, d.text);
  // The city-wide objects: the probe year has no rule; the form as it is.
  sql(`DELETE FROM year_rule WHERE year = ${PROBE_YEAR}`);
  res = await s.C.get('/api/v1/hours/forms?all=1');
  t.form = res.json?.forms?.find((f) => f.code === PROBE_FORM);
  assert.ok(t.form, `study form ${PROBE_FORM}: ${res.text.slice(0, 300)}`);
  // 课程管理: a video U1 has begun to upload.
  res = await s.U1.post('/api/v1/videos', { name: '权限测试视频', size: 1000 });
  assert.equal(res.status, 201, res.text);
  t.video = res.json.id;

  // 公需科目管理: the city bureau's class (a course, a section with a
  // ready video and a bank) and the bank with two questions.
  t.bank = await makeBank(s.city, 2);
  res = await s.city.post('/api/v1/courses/classes',
    { category: 'public', year: YEAR, name: uniqueName('权限测试公需班'), intro: '', hours: 30 });
  assert.equal(res.status, 201, res.text);
  t.class = res.json.id;
  res = await s.city.post(`/api/v1/courses/classes/${t.class}/courses`, { name: '权限测试课程' });
  assert.equal(res.status, 201, res.text);
  t.course = res.json.id;
  t.cityVideo = readyVideo(org.city.id);
  res = await s.city.post(`/api/v1/courses/courses/${t.course}/sections`,
    { name: '权限测试小节', video_id: t.cityVideo, bank_id: t.bank.id, exam_questions: 2 });
  assert.equal(res.status, 201, res.text);
  t.section = res.json.id;

  rows = walkRows();
});

// What the walk's refusals should leave as it was, put back if they did
// not: the probe year's rule and the probe form.
after(async () => {
  sql(`DELETE FROM year_rule WHERE year = ${PROBE_YEAR}`);
  if (t.form && s.city) {
    const [[name]] = sql(`SELECT name FROM study_form WHERE code = '${PROBE_FORM}'`);
    if (name !== t.form.name) await s.city.request('PUT', `/api/v1/hours/forms/${PROBE_FORM}`, formBody(t.form.name));
  }
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
//   city    the whole city's (rules, study forms): the city bureau's alone
// ancestorMay: P1 (U1's parent) may do it, the subtree being P1's.
// bureau: 'any' for the HR bureaus' endpoints, 'city' for the city
// bureau's; every other organisation gets 403 bureau_required, even with
// the module.
// route: the route-table pattern, where the path's ids are not numbers.
function walkRows() {
  const { U1, B1 } = org;
  const U1admins = [org.U1.adminPersonId, t.A2.personId, ...moduleAdmins.map((a) => a.personId)];
  const PR = '/api/v1/reviews/personnel-registrations';
  const OR = '/api/v1/reviews/org-registrations';
  const OC = '/api/v1/reviews/org-changes';
  const PC = '/api/v1/reviews/profile-changes';
  const TQ = '/api/v1/reviews/transfers';
  const DQ = '/api/v1/reviews/declarations';
  const U1people = [t.Y.personId, t.C.personId];
  return [
    // Accounts: 注册人员审核
    { m: 'GET', p: `${PR}?status=pending&size=100&org_id=${U1.id}`, module: 'account_review', scope: 'list',
      sees: (j) => has(j?.items, (i) => i.id === t.R1) },
    { m: 'GET', p: `${PR}?status=decided&size=100`, module: 'account_review', scope: 'list',
      sees: (j) => has(j?.items, (i) => i.id === t.R1d) },
    { m: 'GET', p: `${PR}/${t.R1}`, module: 'account_review', scope: 'target' },
    { m: 'POST', p: `${PR}/decide`, body: { ids: [t.R1], decision: 'approve' }, module: 'account_review', scope: 'decide' },
    { m: 'POST', p: `${PR}/decide`, body: { ids: [t.R1], decision: 'reject', reason: '越权驳回' },
      module: 'account_review', scope: 'decide' },
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
    { m: 'POST', p: `/api/v1/org/admins/${t.A2.personId}/super`, module: 'admins', scope: 'target', superOnly: true },
    { m: 'PUT', p: `/api/v1/org/admins/${t.A2.personId}/role`, body: { role_id: t.role },
      module: 'admins', scope: 'target' },
    { m: 'PUT', p: `/api/v1/org/admins/${moduleAdmins[0].personId}/role`, body: { role_id: null },
      module: 'admins', scope: 'target' },
    { m: 'DELETE', p: `/api/v1/org/admins/${t.A2.personId}`, module: 'admins', scope: 'target' },
    { m: 'GET', p: '/api/v1/org/modules', module: 'admins', scope: 'own' },
    // Way a of adding an admin picks from the own organisation's personnel.
    { m: 'GET', p: '/api/v1/org/personnel?limit=100', module: 'admins', scope: 'list',
      sees: (j) => has(j, (i) => U1people.includes(i.person_id)) },
    // Roles
    { m: 'GET', p: '/api/v1/org/roles', module: 'admins', scope: 'list',
      sees: (j) => has(j, (r) => r.id === t.role || t.moduleRoles.includes(r.id)) },
    { m: 'POST', p: '/api/v1/org/roles', body: () => ({ org_id: U1.id, name: uniqueName('越权角色'), modules: ['suborgs'] }),
      module: 'admins', scope: 'self', superOnly: true },
    { m: 'PUT', p: `/api/v1/org/roles/${t.role}`, body: { name: uniqueName('越权改名'), modules: MODULES },
      module: 'admins', scope: 'target', superOnly: true },
    { m: 'DELETE', p: `/api/v1/org/roles/${t.role}`, module: 'admins', scope: 'target', superOnly: true },
    // The subtree
    { m: 'GET', p: `/api/v1/orgs?size=100&top=${U1.id}&org_id=${U1.id}`, module: 'suborgs', scope: 'list', ancestorMay: true,
      sees: (j) => has(j?.items, (o) => o.id === B1.id || o.id === U1.id) },
    { m: 'GET', p: `/api/v1/orgs?type=branch&name=${encodeURIComponent(B1.name)}`, module: 'suborgs', scope: 'list',
      ancestorMay: true, sees: (j) => has(j?.items, (o) => o.id === B1.id) },
    { m: 'GET', p: `/api/v1/orgs/${B1.id}`, module: 'suborgs', scope: 'target', ancestorMay: true },
    { m: 'GET', p: `/api/v1/orgs/${U1.id}`, module: 'suborgs', scope: 'target', ancestorMay: true, parentOnly: true },
    { m: 'DELETE', p: `/api/v1/orgs/${B1.id}/admins/${t.B1A2.personId}`, module: 'suborgs', scope: 'target',
      ancestorMay: true },
    // An HR bureau's alone (bureau_required for U1 and P1, checked after
    // the module); the bureaus above U1 walk no rows.
    { m: 'POST', p: `/api/v1/orgs/${B1.id}/admins/${t.B1A2.personId}/super`, module: 'suborgs', scope: 'target' },
    // Organisation registrations addressed to U1 (下级单位审核)
    { m: 'GET', p: `${OR}?type=branch&size=100`, module: 'account_review', scope: 'list',
      sees: (j) => has(j?.items, (o) => o.review?.id === t.R2 || o.id === t.O2.id) },
    { m: 'GET', p: `${OR}?status=decided&size=100`, module: 'account_review', scope: 'list',
      sees: (j) => has(j?.items, (o) => o.review?.id === t.R2d || o.id === t.O2d.id) },
    { m: 'GET', p: `${OR}/${t.R2}`, module: 'account_review', scope: 'target' },
    { m: 'POST', p: `${OR}/decide`, body: { ids: [t.R2], decision: 'approve' }, module: 'account_review', scope: 'decide' },
    { m: 'POST', p: `${OR}/decide`, body: { ids: [t.R2], decision: 'reject', reason: '越权驳回' },
      module: 'account_review', scope: 'decide' },
    { m: 'DELETE', p: `${OR}/${t.R2d}`, module: 'account_review', scope: 'target' },
    // Organisation changes addressed to U1 (机构信息修改审验)
    { m: 'GET', p: `${OC}?size=100`, module: 'info_review', scope: 'list',
      sees: (j) => has(j?.items, (o) => o.review?.id === t.R3) },
    { m: 'GET', p: `${OC}?status=decided&size=100`, module: 'info_review', scope: 'list',
      sees: (j) => has(j?.items, (o) => o.review?.id === t.R3d) },
    { m: 'POST', p: `${OC}/decide`, body: { ids: [t.R3], decision: 'approve' }, module: 'info_review', scope: 'decide' },
    { m: 'POST', p: `${OC}/decide`, body: { ids: [t.R3], decision: 'reject', reason: '越权驳回' },
      module: 'info_review', scope: 'decide' },
    { m: 'DELETE', p: `${OC}/${t.R3d}`, module: 'info_review', scope: 'target' },
    // 人员信息修改审核 of U1's personnel: over the subtree, so P1 may too
    { m: 'GET', p: `${PC}?size=100`, module: 'info_review', scope: 'list', ancestorMay: true,
      sees: (j) => has(j?.items, (i) => i.id === t.R4) },
    { m: 'GET', p: `${PC}?status=pending&name=${encodeURIComponent('权限丙')}&org_id=${U1.id}`, module: 'info_review',
      scope: 'list', ancestorMay: true, sees: (j) => has(j?.items, (i) => i.id === t.R4) },
    { m: 'GET', p: `${PC}?status=decided&size=100`, module: 'info_review', scope: 'list', ancestorMay: true,
      sees: (j) => has(j?.items, (i) => i.id === t.R4d) },
    { m: 'POST', p: `${PC}/decide`, body: { ids: [t.R4], decision: 'approve' }, module: 'info_review', scope: 'decide',
      ancestorMay: true },
    { m: 'POST', p: `${PC}/decide`, body: { ids: [t.R4], decision: 'reject', reason: '越权驳回' },
      module: 'info_review', scope: 'decide', ancestorMay: true },
    { m: 'DELETE', p: `${PC}/${t.R4d}`, module: 'info_review', scope: 'target', ancestorMay: true },
    // Transfers into U1: the receiving unit's queue, and both units' history
    { m: 'GET', p: `${TQ}?size=100`, module: 'account_review', scope: 'list',
      sees: (j) => has(j?.items, (i) => i.id === t.T1.reviewId) },
    { m: 'GET', p: `${TQ}?status=decided&size=100`, module: 'account_review', scope: 'list',
      sees: (j) => has(j?.items, (i) => i.id === t.T1d.reviewId) },
    { m: 'POST', p: `${TQ}/decide`, body: { ids: [t.T1.reviewId], decision: 'approve' }, module: 'account_review',
      scope: 'decide' },
    { m: 'POST', p: `${TQ}/decide`, body: { ids: [t.T1.reviewId], decision: 'reject', reason: '越权驳回' },
      module: 'account_review', scope: 'decide' },
    { m: 'GET', p: '/api/v1/transfers?size=100', module: 'account_review', scope: 'list',
      sees: (j) => has(j?.items, (i) => i.id === t.T1.id || i.id === t.T1d.id) },
    { m: 'GET', p: '/api/v1/transfers?direction=in&size=100', module: 'account_review', scope: 'list',
      sees: (j) => has(j?.items, (i) => i.id === t.T1.id || i.id === t.T1d.id) },
    // 人员管理: U1's personnel, over the subtree
    { m: 'GET', p: '/api/v1/personnel?size=100', module: 'personnel', scope: 'list', ancestorMay: true,
      sees: (j) => has(j?.items, (i) => U1people.includes(i.person_id)) },
    { m: 'GET', p: `/api/v1/personnel?org_id=${U1.id}&size=100`, module: 'personnel', scope: 'list', ancestorMay: true,
      sees: (j) => has(j?.items, (i) => U1people.includes(i.person_id)) },
    { m: 'PUT', p: `/api/v1/personnel/${t.Y.personId}/identity`, body: { name: '越权改名', note: '越权更正' },
      module: 'personnel', scope: 'target', ancestorMay: true },
    { m: 'PUT', p: `/api/v1/personnel/${t.C.personId}/identity`, module: 'personnel', scope: 'target', ancestorMay: true,
      body: () => ({ id_type: '01', id_number: freshId(), note: '越权更正' }) },
    // 学时申报审核: declarations of U1's personnel, over the subtree
    { m: 'GET', p: `${DQ}?size=100`, module: 'hours', scope: 'list', ancestorMay: true,
      sees: (j) => has(j?.items, (i) => i.id === t.DL.reviewId) },
    { m: 'GET', p: `${DQ}?status=pending&name=${encodeURIComponent('权限丙')}&id_number=${t.C.body.id_number}`,
      module: 'hours', scope: 'list', ancestorMay: true, sees: (j) => has(j?.items, (i) => i.id === t.DL.reviewId) },
    { m: 'GET', p: `${DQ}?status=decided&size=100`, module: 'hours', scope: 'list', ancestorMay: true,
      sees: (j) => has(j?.items, (i) => i.id === t.DLd.reviewId) },
    { m: 'POST', p: `${DQ}/decide`, body: { ids: [t.DL.reviewId], decision: 'approve' }, module: 'hours', scope: 'decide',
      ancestorMay: true },
    { m: 'POST', p: `${DQ}/decide`, body: { ids: [t.DL.reviewId], decision: 'reject', reason: '越权驳回' },
      module: 'hours', scope: 'decide', ancestorMay: true },
    { m: 'DELETE', p: `${DQ}/${t.DLd.reviewId}`, module: 'hours', scope: 'target', ancestorMay: true },
    // Admin entries and 继续教育学时查询, over the subtree
    { m: 'POST', p: '/api/v1/hours', module: 'hours', scope: 'target', ancestorMay: true,
      body: { person_id: t.Y.personId, year: YEAR, category: 'public', study_form: 'online', title: '越权录入', hours: 1 } },
    { m: 'GET', p: `/api/v1/hours/query?year=${YEAR}&size=100`, module: 'hours', scope: 'list', ancestorMay: true,
      sees: (j) => has(j?.items, (i) => U1people.includes(i.person_id)) },
    { m: 'GET', p: `/api/v1/hours/query?year=${YEAR}&org_id=${U1.id}&id_number=${t.Y.body.id_number}`, module: 'hours',
      scope: 'list', ancestorMay: true, sees: (j) => has(j?.items, (i) => i.person_id === t.Y.personId) },
    // 电子证书查询验证 and revocation: the HR bureaus'
    { m: 'GET', p: `/api/v1/certificates?id_number=${t.Y.body.id_number}&name=${encodeURIComponent(t.Y.body.name)}`,
      module: 'hours', scope: 'list', bureau: 'any', sees: (j) => has(j, (c) => c.number === t.cert) },
    { m: 'POST', p: `/api/v1/certificates/${t.cert}/revoke`, body: { reason: '越权撤销' }, module: 'hours',
      scope: 'target', bureau: 'any', route: 'POST /api/v1/certificates/:id/revoke' },
    { m: 'POST', p: `/api/v1/certificates/${t.cert}/reissue`, body: { note: '越权同意重新打印' }, module: 'hours',
      scope: 'target', bureau: 'any', route: 'POST /api/v1/certificates/:id/reissue' },
    // The yearly rule and the study forms: the city bureau's
    { m: 'PUT', p: `/api/v1/hours/rules/${PROBE_YEAR}`, body: { total_min: 96, professional_min: 64, public_min: 32 },
      module: 'hours', scope: 'city', bureau: 'city' },
    { m: 'PUT', p: `/api/v1/hours/forms/${PROBE_FORM}`, body: () => formBody(uniqueName('越权改名')), module: 'hours',
      scope: 'city', bureau: 'city', route: 'PUT /api/v1/hours/forms/:id' },
    // 课程管理: videos (the organisation's own only)
    { m: 'GET', p: '/api/v1/videos?size=100', module: 'courses', scope: 'list',
      sees: (j) => has(j?.items, (v) => v.id === t.video) },
    { m: 'GET', p: `/api/v1/videos/${t.video}`, module: 'courses', scope: 'target' },
    { m: 'PUT', p: `/api/v1/videos/${t.video}/data?offset=0`, module: 'courses', scope: 'target' },
    { m: 'DELETE', p: `/api/v1/videos/${t.video}`, module: 'courses', scope: 'target' },
    { m: 'POST', p: '/api/v1/videos', body: { name: '越权上传', org_id: U1.id, size: 10 }, module: 'courses',
      scope: 'self' },
    // 公需科目管理: the city bureau writes, the HR bureaus read
    ...courseRows(),
  ];
}

// The rows of 公需科目管理 over the city bureau's class, course, section,
// bank and question: reads for every HR bureau (scope read: a district
// bureau outside U1's tree gets 200), writes for the city bureau alone.
function courseRows() {
  const C = `/api/v1/courses/classes/${t.class}`;
  const K = `/api/v1/courses/courses/${t.course}`;
  const S = `/api/v1/courses/sections/${t.section}`;
  const B = `/api/v1/banks/${t.bank.id}`;
  const Q = `/api/v1/questions/${t.bank.questions[0]}`;
  const read = (p, sees) => ({ m: 'GET', p, module: 'courses', scope: 'read', bureau: 'any', sees });
  const write = (m, p, body, extra = {}) => ({ m, p, body, module: 'courses', scope: 'city', bureau: 'city', ...extra });
  const section = { name: '越权小节', exam_questions: 1 };
  return [
    read(`/api/v1/courses/classes?year=${YEAR}&size=100`, (j) => has(j?.items, (i) => i.id === t.class)),
    read(C, (j) => j?.id === t.class),
    read(`${C}/learners`),
    read('/api/v1/banks?size=100', (j) => has(j?.items, (i) => i.id === t.bank.id)),
    read('/api/v1/banks/template.xlsx'),
    read(B, (j) => j?.id === t.bank.id),
    read(`${B}/questions`, (j) => has(j?.items, (i) => i.id === t.bank.questions[0])),
    write('POST', '/api/v1/courses/classes', { category: 'public', year: YEAR, name: '越权新建', hours: 10 }),
    write('PUT', C, { name: '越权改名', hours: 10 }),
    write('POST', `${C}/draft`, {}),
    write('POST', `${C}/publish`, {}),
    write('POST', `${C}/close`, {}),
    write('POST', `${C}/courses`, { name: '越权课程' }),
    write('PUT', K, { name: '越权改名' }),
    write('DELETE', K),
    write('POST', `${K}/move`, { position: 1 }),
    write('POST', `${K}/sections`, section),
    write('PUT', S, section),
    write('DELETE', S),
    write('POST', `${S}/move`, { position: 1 }),
    write('POST', '/api/v1/banks', () => ({ name: uniqueName('越权题库') })),
    write('PUT', B, { name: '越权改名' }),
    write('POST', `${B}/questions`, () => single()),
    write('POST', `${B}/import`, {}),
    write('PUT', Q, () => single()),
    write('DELETE', Q),
  ];
}

// The city bureau's learning content the walk names.
function courseSnapshot() {
  return {
    course_class: sql(`SELECT id, org_id, status, live_version, draft_version FROM course_class WHERE id = ${t.class}
      OR org_id IN (${treeIds()})`),
    class_version: sql(`SELECT id, version_no, name, intro, hours, published_at FROM class_version
      WHERE class_id = ${t.class} ORDER BY id`),
    course: sql(`SELECT c.id, c.version_id, c.sort, c.name FROM course c JOIN class_version v ON v.id = c.version_id
      WHERE v.class_id = ${t.class} ORDER BY c.id`),
    section: sql(`SELECT s.id, s.course_id, s.sort, s.name, s.video_id, s.bank_id, s.exam_questions FROM section s
      JOIN class_version v ON v.id = s.version_id WHERE v.class_id = ${t.class} ORDER BY s.id`),
    question_bank: sql(`SELECT id, org_id, name FROM question_bank WHERE id = ${t.bank.id} OR org_id IN (${treeIds()})
      ORDER BY id`),
    question: sql(`SELECT id, kind, stem, options, answer, tags, active FROM question WHERE bank_id = ${t.bank.id}
      ORDER BY id`),
  };
}

// The organisations of the test's tree (not the city).
function treeIds() {
  return ['D1', 'D2', 'P1', 'P2', 'U1', 'U2', 'U3', 'UX', 'B1', 'BASE'].map((k) => org[k].id).join(',');
}

// The body of PUT /api/v1/hours/forms/:code for the probe form as it was,
// renamed.
function formBody(name) {
  const { fields, rule, yearly_cap, dedupe, attachment_required, active } = t.form;
  return { name, fields, rule, yearly_cap, dedupe, attachment_required, active };
}

// Whether an organisation may use a row's bureau endpoint at all.
function mayBureau(row, o) {
  if (!row.bureau) return true;
  return row.bureau === 'city' ? o.kind === 'hrb_city' : /^hrb_/.test(o.kind);
}

// Routes of the hours table that are no admin's: the forms and rules
// every session reads, the public verification and the holder's PDF
// (checked apart below).
const NOT_ADMIN = new Set([
  'GET /api/v1/hours/forms', 'GET /api/v1/hours/rules/:id',
  'GET /api/v1/certificates/:id', 'GET /api/v1/certificates/:id/pdf',
]);

// The admin routes of the main portal, as its binary lists them
// (`sdrz-main --routes`: method, pattern, access): those whose access is an
// admin's or a permission module's. Everything else (registrations, the
// person's own, the picker, the routes above) needs no admin.
function adminRoutes() {
  const out = new Set();
  const list = execFileSync(join(ROOT, 'build', 'fcgi', 'sdrz-main'), ['--routes'], { encoding: 'utf8' });
  for (const line of list.trim().split('\n')) {
    const [m, p, access] = line.split(' ');
    if (access !== 'admin' && access !== 'module') continue;
    const route = `${m} ${p.replace(/:[a-z_]+/g, ':id')}`;
    assert.ok(!NOT_ADMIN.has(route), `${route} needs no admin`);
    out.add(route);
  }
  return out;
}

// The distinct routes (method and pattern) the walk covers.
function routesOf(list) {
  return new Set(list.map((r) => r.route ?? `${r.m} ${r.p.replace(/\?.*$/, '').replace(/\/\d+/g, '/:id')}`));
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
  if (!mayBureau(row, actor.org)) {
    return isError(res, 403, 'bureau_required') ? null
      : `expected 403 bureau_required (a ${actor.org.kind}), got ${brief(res)}`;
  }
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
    case 'read':
      // An HR bureau reads the city bureau's public content.
      if (res.status !== 200) return `expected 200 (a bureau reads), got ${brief(res)}`;
      return row.sees && !row.sees(res.json) ? `does not show the target: ${res.text.slice(0, 200)}` : null;
    case 'city':
      return `the city bureau's endpoint answered ${brief(res)} to a ${actor.org.kind}`;
    default:
      throw new Error(`scope ${row.scope}`);
  }
}

// Walks every row as each actor; returns the problems found.
async function walkOutsiders(actors, list, tc) {
  const problems = [];
  const selfs = [];
  const bureaus = [];
  let n = 0;
  for (const actor of actors) {
    for (const row of list) {
      // B1 is a target itself: its own writes would change the snapshot.
      if (row.scope === 'self' && actor.skipSelf) continue;
      const res = await call(actor.c, row);
      n += 1;
      const p = outsiderProblem(row, res, actor);
      if (p) problems.push(`${label(row)} as ${actor.label}: ${p}`);
      const code = res.json?.error ? ` ${res.json.error.code}` : '';
      if (row.scope === 'self') {
        selfs.push(`${actor.label.split(' ')[0]}: ${row.m} ${row.p.replace(/\?.*/, '')} ${res.status}${code}`);
      }
      if (row.bureau && mayBureau(row, actor.org)) {
        bureaus.push(`${actor.label.split(' ')[0]}: ${row.m} ${row.p.replace(/\?.*/, '')} ${res.status}${code}`);
      }
    }
  }
  tc.diagnostic(`${n} calls (${list.length} rows, ${actors.length} actor(s))`);
  // The writes on the actor's own organisation, and what a bureau outside
  // U1's subtree got from the bureaus' endpoints, for the record.
  if (selfs.length) tc.diagnostic(`own-organisation writes: ${[...new Set(selfs)].join('; ')}`);
  if (bureaus.length) tc.diagnostic(`bureau endpoints as another bureau: ${bureaus.join('; ')}`);
  return problems;
}

// The ids of the targets, as SQL lists: U1, its branches (B1, and the two
// registered ones), the people of U1 and B1 and those asking to join U1,
// the reviews U1 approves, C's declarations.
function targetIds() {
  return {
    orgs: [org.U1.id, org.B1.id, t.O2.id, t.O2d.id].join(','),
    people: [t.X.personId, t.Y.personId, t.C.personId, t.T.personId, t.T2.personId, t.A2.personId,
      t.B1A2.personId, org.U1.adminPersonId, org.B1.adminPersonId, ...moduleAdmins.map((a) => a.personId)].join(','),
    reviews: [t.R1, t.R1d, t.R2, t.R2d, t.R3, t.R3d, t.R4, t.R4d, t.T1.reviewId, t.T1d.reviewId,
      t.DL.reviewId, t.DLd.reviewId, t.DL2.reviewId].join(','),
    declarations: [t.DL.id, t.DLd.id, t.DL2.id].join(','),
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
    approvers: sql(`SELECT a.review_id, a.org_id, a.status, a.decided_by, a.hidden FROM review_approver a
      JOIN review r ON r.id = a.review_id WHERE a.review_id IN (${reviews})
      OR (r.subject_type = 'person' AND r.subject_id IN (${people})) ORDER BY a.review_id, a.org_id`),
    personnel: sql(`SELECT person_id, org_id, status, dept, title_series, title_level, title_qualification,
      title_effective_on, appointed_on FROM personnel WHERE person_id IN (${people}) ORDER BY person_id`),
    // The identity an admin may correct.
    people: sql(`SELECT id, name, id_type, id_number, gender, birth_date FROM person
      WHERE id IN (${people}) ORDER BY id`),
    transfers: sql(`SELECT id, person_id, from_org_id, to_org_id, review_id, status, reason, decided_at
      FROM personnel_transfer WHERE person_id IN (${people}) OR to_org_id IN (${orgs}) OR from_org_id IN (${orgs})
      ORDER BY id`),
    attachments: sql(`SELECT id, person_id, review_id, file, name, sha256 FROM attachment
      WHERE person_id IN (${people}) OR review_id IN (${reviews}) ORDER BY id`),
    declaration: sql(`SELECT id, person_id, org_id, review_id, year, category, study_form, hours, status
      FROM declaration WHERE person_id IN (${people}) ORDER BY id`),
    hour_record: sql(`SELECT id, person_id, org_id, year, category, study_form, hours, source, source_ref, created_by
      FROM hour_record WHERE person_id IN (${people}) ORDER BY id`),
    certificate: sql(`SELECT id, number, kind, person_id, year, content_sha256, revoked_at, revoke_reason, revoked_by,
      reissue_allowed_at, reissue_allowed_by FROM certificate WHERE person_id IN (${people}) ORDER BY id`),
    // The city-wide objects the walk names.
    year_rule: sql(`SELECT year, total_min, professional_min, public_min, updated_by, updated_at FROM year_rule
      WHERE year = ${PROBE_YEAR}`),
    study_form: sql(`SELECT code, name, fields, rule, yearly_cap, dedupe, attachment_required, active, updated_at
      FROM study_form WHERE code = '${PROBE_FORM}'`),
    video: sql(`SELECT id, org_id, uploaded_by, name, size, received, upload_file, status FROM video
      WHERE org_id IN (${orgs}) OR id = ${t.video} ORDER BY id`),
    ...courseSnapshot(),
  };
}

// Audit records about a target written since `since`; for the city-wide
// rules and forms, those written by an admin of the test's tree.
function auditSince(since) {
  const { orgs, people, reviews, declarations } = targetIds();
  const roles = [t.role, ...t.moduleRoles].join(',');
  const tree = ['D1', 'D2', 'P1', 'P2', 'U1', 'U2', 'U3', 'UX', 'B1', 'BASE'].map((k) => org[k].id).join(',');
  return sql(`SELECT action, subject_type, subject_id, actor_org_id FROM audit_log WHERE at >= '${since}' AND (
    (subject_type = 'org' AND subject_id IN (${orgs})) OR (subject_type = 'person' AND subject_id IN (${people}))
    OR (subject_type = 'review' AND subject_id IN (${reviews}))
    OR (subject_type = 'admin_role' AND subject_id IN (${roles}))
    OR (subject_type = 'declaration' AND subject_id IN (${declarations}))
    OR (subject_type = 'certificate' AND (subject_id IN (SELECT id FROM certificate WHERE number = '${t.cert}')
      OR JSON_VALUE(detail, '$.number') = '${t.cert}'))
    OR (subject_type IN ('year_rule', 'study_form') AND actor_org_id IN (${tree}))
    OR (subject_type = 'video' AND (subject_id = ${t.video}
      OR subject_id IN (SELECT id FROM video WHERE org_id IN (${orgs}))))
    OR (subject_type = 'course_class' AND (subject_id = ${t.class} OR actor_org_id IN (${tree})))
    OR (subject_type = 'question_bank' AND (subject_id = ${t.bank.id} OR actor_org_id IN (${tree}))))`);
}

let before0;
let walkStart;

test('the setup holds the targets, pending and decided', async () => {
  const status = (id) => sql(`SELECT status FROM review WHERE id = ${id}`)[0][0];
  assert.equal(status(t.R1), 'pending');
  assert.equal(status(t.R1d), 'approved');
  assert.equal(status(t.R2), 'pending');
  assert.equal(status(t.R2d), 'rejected');
  assert.equal(status(t.R3), 'pending');
  assert.equal(status(t.R3d), 'rejected');
  assert.equal(status(t.R4), 'pending');
  assert.equal(status(t.R4d), 'rejected');
  assert.equal(status(t.T1.reviewId), 'pending');
  assert.equal(status(t.T1d.reviewId), 'rejected');
  // U1 approves the branch registrations, B1's changes, its personnel's
  // changes and the transfers into it.
  for (const r of [t.R2, t.R3, t.R4, t.R4d, t.T1.reviewId, t.T1d.reviewId]) {
    assert.deepEqual(sql(`SELECT org_id FROM review_approver WHERE review_id = ${r}`), [[String(org.U1.id)]]);
  }
  assert.deepEqual(sql(`SELECT review_id FROM attachment WHERE id IN (${t.att.id}, ${t.attLoose.id}) ORDER BY id`),
    [[String(t.R4)], ['NULL']]);
  assert.deepEqual(sql(`SELECT org_id FROM personnel WHERE person_id IN (${t.T.personId}, ${t.T2.personId})`),
    [[String(org.UX.id)], [String(org.UX.id)]]);
  // C's declarations wait for U1 (DLd rejected); Y holds a valid
  // certificate of 30 + 60 hours, which anyone may verify.
  assert.equal(status(t.DL.reviewId), 'pending');
  assert.equal(status(t.DL2.reviewId), 'pending');
  assert.equal(status(t.DLd.reviewId), 'rejected');
  for (const r of [t.DL.reviewId, t.DL2.reviewId, t.DLd.reviewId]) {
    assert.deepEqual(sql(`SELECT org_id FROM review_approver WHERE review_id = ${r}`), [[String(org.U1.id)]]);
  }
  assert.deepEqual(sql(`SELECT id, status FROM declaration WHERE person_id = ${t.C.personId} ORDER BY id`),
    [[String(t.DL.id), 'pending'], [String(t.DLd.id), 'rejected'], [String(t.DL2.id), 'pending']]);
  assert.deepEqual(sql(`SELECT COUNT(*) FROM hour_record WHERE person_id = ${t.C.personId}`), [['0']]);
  assert.deepEqual(sql(`SELECT person_id, kind, year, public_hours, professional_hours, revoked_at FROM certificate
    WHERE number = '${t.cert}'`), [[String(t.Y.personId), 'completion', String(YEAR), '30.0', '60.0', 'NULL']]);
  const v = await new Client().get(`/api/v1/certificates/${t.cert}`);
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.status, 'valid', v.text);
  assert.equal(v.json.name, t.Y.body.name);
  // Every admin route of the handlers' tables is in the walk, and only those.
  const routes = routesOf(rows);
  assert.deepEqual([...routes].sort(), [...adminRoutes()].sort());
  assert.equal(routes.size, 52 + 26, [...routes].join('\n'));
  before0 = snapshot();
  [[walkStart]] = sql('SELECT NOW(3)');
});

test('admins of other organisations are refused on every endpoint', async (tc) => {
  const actors = [
    { label: 'U2 super admin (sibling unit)', c: s.U2, org: org.U2 },
    { label: 'U3 super admin (unit under the parent\'s sibling)', c: s.U3, org: org.U3 },
    { label: 'P2 super admin (the parent\'s sibling)', c: s.P2, org: org.P2 },
    { label: 'B1 super admin (U1\'s own branch)', c: s.B1, org: org.B1, skipSelf: true },
    { label: 'BASE super admin (CE base under the grandparent)', c: s.BASE, org: org.BASE },
    { label: 'D2 super admin (district bureau beside U1\'s)', c: s.D2, org: org.D2 },
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

test('a U1 admin holding `admins` is not the super admin: super_required, own_role', async (tc) => {
  const a = moduleAdmins.find((x) => x.module === 'admins');
  const problems = [];
  const superOnly = rows.filter((r) => r.superOnly);
  assert.equal(superOnly.length, 4, 'moving the super right, and creating, editing, deleting a role');
  for (const row of superOnly) {
    const res = await call(a.c, row);
    if (!isError(res, 403, 'super_required')) problems.push(`${label(row)} as the admins holder: ${brief(res)}`);
  }
  // Their own role: neither another role nor none, and the super admin's
  // is not theirs to set either.
  for (const roleId of [t.role, moduleAdmins.find((x) => x.module === 'suborgs').roleId, null]) {
    const res = await a.c.request('PUT', `/api/v1/org/admins/${a.personId}/role`, { role_id: roleId });
    if (!isError(res, 403, 'own_role')) problems.push(`PUT own role ${roleId} as the admins holder: ${brief(res)}`);
  }
  // The other module holders are refused on their own role by the module.
  for (const o of moduleAdmins.filter((x) => x.module !== 'admins')) {
    const res = await o.c.request('PUT', `/api/v1/org/admins/${o.personId}/role`, { role_id: a.roleId });
    if (!isError(res, 403, 'module_forbidden')) problems.push(`PUT own role as the ${o.module} holder: ${brief(res)}`);
  }
  tc.diagnostic(`${superOnly.length + 3 + moduleAdmins.length - 1} calls`);
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
      } else if (!mayBureau(row, org.U1)) {
        // Within the module, but U1 is no HR bureau.
        const res = await call(actor.c, row);
        refused += 1;
        if (!isError(res, 403, 'bureau_required')) problems.push(`${label(row)} as ${actor.label}: ${brief(res)}`);
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

test('bureau_required: units and departments even with the module; district bureaus on the city\'s', async (tc) => {
  const bureauRows = rows.filter((r) => r.bureau);
  assert.deepEqual(bureauRows.filter((r) => r.module === 'hours').map((r) => r.bureau), ['any', 'any', 'any', 'city', 'city']);
  const cityRows = bureauRows.filter((r) => r.bureau === 'city');
  assert.equal(cityRows.length, 2 + 19, 'the hours rules and forms, and 公需科目管理\'s writes');
  const actors = [
    { label: 'U1 super admin', c: s.U1, org: org.U1 },
    { label: 'U1 admin with role {hours}', c: holder('hours'), org: org.U1, module: 'hours' },
    { label: 'U1 admin with role {courses}', c: holder('courses'), org: org.U1, module: 'courses' },
    { label: 'B1 super admin (U1\'s branch)', c: s.B1, org: org.B1 },
    { label: 'P1 super admin (department above U1)', c: s.P1, org: org.P1 },
    { label: 'BASE super admin (CE base)', c: s.BASE, org: org.BASE },
    { label: 'D1 super admin (district bureau above U1)', c: s.D1, org: org.D1 },
    { label: 'D2 super admin (another district bureau)', c: s.D2, org: org.D2 },
  ];
  const problems = [];
  let n = 0;
  for (const actor of actors) {
    // A module holder is walked on its module's rows (the others are
    // module_forbidden, checked above).
    for (const row of bureauRows.filter((r) => !mayBureau(r, actor.org) && (!actor.module || r.module === actor.module))) {
      const res = await call(actor.c, row);
      n += 1;
      if (!isError(res, 403, 'bureau_required')) problems.push(`${label(row)} as ${actor.label}: ${brief(res)}`);
    }
  }
  // Four super admins on every row, the two module holders on their
  // module's (together every row once), the two district bureaus on the
  // city bureau's.
  assert.equal(n, 5 * bureauRows.length + 2 * cityRows.length);
  tc.diagnostic(`${n} calls`);
  assert.deepEqual(problems, []);
});

test('a review id does not reach another kind\'s queue, even for its approver', async () => {
  const PR = '/api/v1/reviews/personnel-registrations';
  const OR = '/api/v1/reviews/org-registrations';
  const OC = '/api/v1/reviews/org-changes';
  const PC = '/api/v1/reviews/profile-changes';
  const TQ = '/api/v1/reviews/transfers';
  const DQ = '/api/v1/reviews/declarations';
  const T1 = t.T1.reviewId;
  const DL = t.DL.reviewId;
  const cases = [
    [`${DQ}/decide`, t.R1], [`${DQ}/decide`, t.R2], [`${DQ}/decide`, t.R4], [`${DQ}/decide`, T1],
    [`${PR}/decide`, DL], [`${OR}/decide`, DL], [`${OC}/decide`, DL], [`${PC}/decide`, DL], [`${TQ}/decide`, DL],
    [`${PR}/decide`, t.R2], [`${PR}/decide`, t.R3], [`${PR}/decide`, t.R4], [`${PR}/decide`, T1],
    [`${OR}/decide`, t.R1], [`${OR}/decide`, t.R3], [`${OR}/decide`, t.R4], [`${OR}/decide`, T1],
    [`${OC}/decide`, t.R1], [`${OC}/decide`, t.R2], [`${OC}/decide`, t.R4], [`${OC}/decide`, T1],
    [`${PC}/decide`, t.R1], [`${PC}/decide`, t.R3], [`${PC}/decide`, T1],
    [`${TQ}/decide`, t.R1], [`${TQ}/decide`, t.R2], [`${TQ}/decide`, t.R4],
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
  for (const path of [`${PR}/${t.R2d}`, `${OR}/${t.R1d}`, `${OC}/${t.R2d}`, `${OR}/${t.R3d}`,
    `${PC}/${t.R1d}`, `${PC}/${t.R3d}`, `${PC}/${t.T1d.reviewId}`, `${OC}/${t.R4d}`, `${PR}/${t.R4d}`,
    `${DQ}/${t.R4d}`, `${DQ}/${t.T1d.reviewId}`, `${PC}/${t.DLd.reviewId}`, `${PR}/${t.DLd.reviewId}`]) {
    const res = await s.U1.del(path);
    assert.equal(res.status, 404, `DELETE ${path}: ${res.text}`);
  }
});

test('a batch that mixes U2\'s own ids with U1\'s decides only U2\'s', async () => {
  const res = await s.U2.post('/api/v1/reviews/personnel-registrations/decide',
    { ids: [t.U2X.reviewId, t.R1], decision: 'approve' });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.results.map((r) => [r.id, r.ok, r.code ?? null]),
    [[t.U2X.reviewId, true, null], [t.R1, false, 'not_found']]);
  assert.equal(res.json.done, 1);
  assert.equal(sql(`SELECT status FROM personnel WHERE person_id = ${t.U2X.personId}`)[0][0], 'approved');
  // U2 gives its own admin a role of U1's: refused.
  for (const roleId of [t.role, t.moduleRoles[0]]) {
    const r = await s.U2.request('PUT', `/api/v1/org/admins/${t.U2A2.personId}/role`, { role_id: roleId });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.code, 'invalid');
  }
  assert.deepEqual(sql(`SELECT role_id FROM org_admin WHERE org_id = ${org.U2.id} AND person_id = ${t.U2A2.personId}`),
    [['NULL']]);
});

// The learning portals do not serve the main portal's admin routes at all
// (tests/api/shared/routes.test.mjs walks their tables): every endpoint of
// the walk is unknown there, to an outsider admin and to personnel alike.
test('the other portals do not serve the admin endpoints: 404 not_found', async (tc) => {
  const problems = [];
  let n = 0;
  for (const portal of ['gxk', 'zyk']) {
    const actor = { label: `U2 super admin on ${portal}`, c: s.U2.on(portal), org: org.U2 };
    for (const row of rows) {
      if (row.scope === 'self') continue;
      const res = await call(actor.c, row);
      n += 1;
      if (!isError(res, 404, 'not_found')) problems.push(`${label(row)} as ${actor.label}: ${brief(res)}`);
      const pr = await call(s.person.on(portal), row);
      n += 1;
      if (!isError(pr, 404, 'not_found')) problems.push(`${label(row)} as personnel on ${portal}: ${brief(pr)}`);
    }
  }
  tc.diagnostic(`${n} calls`);
  assert.deepEqual(problems, []);
});

// GET /api/v1/attachments/:id: the file (nginx sends it), or a refusal.
async function readAttachment(c, id) {
  const res = await c.get(`/api/v1/attachments/${id}`);
  return { res, pdf: res.status === 200 && res.text.startsWith('%PDF-') };
}

test('a proof attachment is read by its owner and its reviewers only', async (tc) => {
  const problems = [];
  const holderOf = (m) => moduleAdmins.find((a) => a.module === m).c;
  const readers = [
    ['the owner (C, personnel of U1)', s.C],
    ['U1 super admin (the reviewing unit)', s.U1],
    ['U1 admin with role {info_review}', holderOf('info_review')],
    ['P1 super admin (above the reviewing unit)', s.P1],
    ['D1 super admin (two levels above)', s.D1],
  ];
  for (const [who, c] of readers) {
    const { res, pdf } = await readAttachment(c, t.att.id);
    if (!pdf) problems.push(`attachment ${t.att.id} as ${who}: expected 200 with the PDF, got ${brief(res)}`);
    else if (!/^application\/pdf/.test(res.headers.get('content-type') ?? '')) {
      problems.push(`attachment as ${who}: content type ${res.headers.get('content-type')}`);
    }
  }
  const refused = [
    ['U2 super admin (sibling)', s.U2], ['U3 super admin', s.U3], ['P2 super admin (the parent\'s sibling)', s.P2],
    ['B1 super admin (U1\'s branch, below the reviewer)', s.B1], ['BASE super admin', s.BASE],
    ['UX super admin', s.UX], ['another personnel of U1 (Y)', s.person], ['personnel of UX (T)', s.T],
    ...moduleAdmins.filter((a) => a.module !== 'info_review')
      .map((a) => [`U1 admin with role {${a.module}}`, a.c]),
    ['U1 admin without a role', s.A2],
    ['no session', new Client()],
  ];
  for (const [who, c] of refused) {
    const { res } = await readAttachment(c, t.att.id);
    const ok = (res.status === 404 && res.json?.error?.code === 'not_found') ||
      (who === 'no session' && isError(res, 401, 'not_signed_in'));
    if (!ok) problems.push(`attachment ${t.att.id} as ${who}: expected 404 (401 without session), got ${brief(res)}`);
  }
  // An upload not (yet) part of a change is its owner's alone.
  let r = await readAttachment(s.C, t.attLoose.id);
  if (!r.pdf) problems.push(`the unbound attachment as its owner: ${brief(r.res)}`);
  for (const [who, c] of [['U1 super admin', s.U1], ['P1 super admin', s.P1]]) {
    r = await readAttachment(c, t.attLoose.id);
    if (r.res.status !== 404) problems.push(`the unbound attachment as ${who}: ${brief(r.res)}`);
  }
  // The other portals answer the same.
  for (const portal of ['gxk', 'zyk']) {
    r = await readAttachment(s.U2.on(portal), t.att.id);
    if (r.res.status !== 404) problems.push(`attachment as U2 on ${portal}: ${brief(r.res)}`);
  }
  tc.diagnostic(`${readers.length + refused.length + 5} reads`);
  assert.deepEqual(problems, []);
});

test('a declaration\'s proof is read by its owner and its reviewers (module hours) only', async (tc) => {
  const problems = [];
  const id = t.DL.attachment.id;
  const readers = [
    ['the owner (C)', s.C], ['U1 super admin (the reviewing unit)', s.U1],
    ['U1 admin with role {hours} (a reviewer)', holder('hours')], ['P1 super admin (above the reviewing unit)', s.P1],
  ];
  for (const [who, c] of readers) {
    const { res, pdf } = await readAttachment(c, id);
    if (!pdf) problems.push(`declaration proof ${id} as ${who}: expected 200 with the PDF, got ${brief(res)}`);
  }
  const refused = [
    ['U2 super admin (sibling)', s.U2], ['P2 super admin (the parent\'s sibling)', s.P2], ['D2 super admin', s.D2],
    ['B1 super admin (U1\'s branch)', s.B1], ['another personnel of U1 (Y)', s.person],
    ...moduleAdmins.filter((a) => a.module !== 'hours').map((a) => [`U1 admin with role {${a.module}}`, a.c]),
    ['U1 admin without a role', s.A2], ['no session', new Client()],
  ];
  for (const [who, c] of refused) {
    const { res } = await readAttachment(c, id);
    const ok = (res.status === 404 && res.json?.error?.code === 'not_found') ||
      (who === 'no session' && isError(res, 401, 'not_signed_in'));
    if (!ok) problems.push(`declaration proof ${id} as ${who}: expected 404 (401 without session), got ${brief(res)}`);
  }
  tc.diagnostic(`${readers.length + refused.length} reads`);
  assert.deepEqual(problems, []);
});

test('a certificate\'s PDF is its holder\'s alone; its verification needs no session', async (tc) => {
  const problems = [];
  const path = `/api/v1/certificates/${t.cert}/pdf`;
  const res = await s.person.get(path);
  if (res.status !== 200 || !res.text.startsWith('%PDF-') ||
      !/^application\/pdf/.test(res.headers.get('content-type') ?? '')) {
    problems.push(`the PDF as its holder (Y): expected 200 application/pdf, got ${res.status} ${res.headers.get('content-type')}`);
  }
  const refused = [
    ['another personnel of U1 (C)', s.C, 404, 'not_found'], ['personnel of UX (T2)', s.T2, 404, 'not_found'],
    ['C on zyk', s.C.on('zyk'), 404, 'not_found'],
    ['U1 super admin', s.U1, 403, 'personnel_required'], ['U1 admin with role {hours}', holder('hours'), 403, 'personnel_required'],
    ['P1 super admin', s.P1, 403, 'personnel_required'], ['D1 super admin (the bureau above)', s.D1, 403, 'personnel_required'],
    ['U2 super admin', s.U2, 403, 'personnel_required'], ['the city bureau\'s super admin', s.city, 403, 'personnel_required'],
    ['no session', new Client(), 401, 'not_signed_in'],
  ];
  for (const [who, c, status, code] of refused) {
    const r = await c.get(path);
    if (r.text.startsWith('%PDF-') || !isError(r, status, code)) {
      problems.push(`the PDF as ${who}: expected ${status} ${code}, got ${r.status} ${r.text.slice(0, 120)}`);
    }
  }
  // The public verification, with no session, on the main portal (where
  // the QR code leads); the learning portals do not serve it.
  const v = await new Client('sdrz').get(`/api/v1/certificates/${t.cert}`);
  if (v.status !== 200 || v.json?.status !== 'valid' || v.json?.number !== t.cert) {
    problems.push(`verification without session: ${brief(v)}`);
  } else if (v.text.includes(t.Y.body.id_number)) problems.push('verification shows the full ID number');
  for (const portal of ['gxk', 'zyk']) {
    const w = await new Client(portal).get(`/api/v1/certificates/${t.cert}`);
    if (!isError(w, 404, 'not_found')) problems.push(`verification on ${portal}: ${brief(w)}`);
  }
  tc.diagnostic(`${refused.length + 4} reads`);
  assert.deepEqual(problems, []);
});

test('after the walk nothing of U1\'s changed', () => {
  assert.deepEqual(snapshot(), before0);
  assert.deepEqual(auditSince(walkStart), [], 'no audit record about a target');
});

test('no one switches into U1\'s admin role', async () => {
  for (const c of [s.U2, s.P2, s.P1, s.B1, s.UX, s.person, s.C]) {
    const res = await c.post('/api/v1/auth/role', { kind: 'admin', org_id: org.U1.id });
    assert.equal(res.status, 403, res.text);
    assert.equal(res.json.error.code, 'role_unavailable');
  }
  const res = await s.U2.get('/api/v1/org');
  assert.equal(res.json.id, org.U2.id, 'the refused switch left the role as it was');
});

// ---- positive controls ----

test('U1\'s super admin sees every target; P1\'s sees U1 in its subtree', async () => {
  for (const row of rows.filter((r) => r.m === 'GET' && !r.parentOnly && mayBureau(r, org.U1))) {
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
  // P1 reads what its subtree gives it: U1's branches, U1's personnel and
  // their changes with the proof.
  const reach = rows.filter((r) => r.m === 'GET' && r.ancestorMay);
  assert.ok(reach.length >= 8, 'subtree reads');
  for (const row of reach) {
    res = await call(s.P1, row);
    assert.equal(res.status, 200, `${label(row)} as P1: ${res.text}`);
    if (row.sees) assert.ok(row.sees(res.json), `${label(row)} as P1 shows U1's object: ${res.text.slice(0, 300)}`);
  }
  res = await s.P1.get('/api/v1/reviews/profile-changes?size=100');
  const item = res.json.items.find((i) => i.id === t.R4);
  assert.equal(item.org_name, org.U1.name);
  assert.equal(item.status, 'pending');
  assert.equal(item.before.dept, t.C.body.dept);
  assert.notEqual(item.after.dept, t.C.body.dept);
  assert.deepEqual(item.attachments.map((a) => a.id), [t.att.id]);
  // The transfer into U1 is in U1's queue with its person, and not in P1's.
  res = await s.U1.get('/api/v1/reviews/transfers?size=100');
  const tr = res.json.items.find((i) => i.id === t.T1.reviewId);
  assert.equal(tr.person_id, t.T.personId);
  assert.equal(tr.from_org_name, org.UX.name);
  res = await s.P1.get('/api/v1/reviews/transfers?size=100');
  assert.ok(!res.json.items.some((i) => i.id === t.T1.reviewId), 'P1 does not receive U1\'s transfers');
  // UX, the unit they leave, sees them in its history as going out.
  res = await s.UX.get('/api/v1/transfers?direction=out&size=100');
  assert.deepEqual(res.json.items.filter((i) => [t.T1.id, t.T1d.id].includes(i.id)).map((i) => i.direction),
    ['out', 'out']);
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

test('P1, above U1, decides U1\'s personnel\'s change; U1\'s info_review admin hides the decided one', async () => {
  const before = sql(`SELECT dept FROM personnel WHERE person_id = ${t.C.personId}`)[0][0];
  let res = await s.P1.post('/api/v1/reviews/profile-changes/decide', { ids: [t.R4], decision: 'approve' });
  assert.equal(res.json?.done, 1, res.text);
  const after = sql(`SELECT dept FROM personnel WHERE person_id = ${t.C.personId}`)[0][0];
  assert.notEqual(after, before);
  assert.equal(sql(`SELECT status FROM review WHERE id = ${t.R4}`)[0][0], 'approved');
  res = await s.C.get('/api/v1/me/requests');
  assert.equal(res.json?.change?.status, 'approved', res.text);
  res = await holder('info_review').del(`/api/v1/reviews/profile-changes/${t.R4d}`);
  assert.equal(res.status, 204, res.text);
  assert.deepEqual(sql(`SELECT hidden FROM review_approver WHERE review_id = ${t.R4d}`), [['1']]);
});

test('the account_review admin accepts the transfer into U1; UX loses sight of the person', async () => {
  let res = await holder('account_review').post('/api/v1/reviews/transfers/decide',
    { ids: [t.T1.reviewId], decision: 'approve' });
  assert.equal(res.json?.done, 1, res.text);
  assert.deepEqual(sql(`SELECT org_id, status FROM personnel WHERE person_id = ${t.T.personId}`),
    [[String(org.U1.id), 'approved']]);
  assert.equal(sql(`SELECT status FROM personnel_transfer WHERE id = ${t.T1.id}`)[0][0], 'approved');
  res = await holder('account_review').get('/api/v1/transfers?direction=in&size=100');
  assert.equal(res.json.items.find((i) => i.id === t.T1.id)?.status, 'approved', res.text);
  res = await s.UX.get(`/api/v1/personnel?size=100`);
  assert.equal(res.status, 200, res.text);
  assert.ok(!res.json.items.some((i) => i.person_id === t.T.personId), 'UX no longer lists T');
  assert.ok(res.json.items.some((i) => i.person_id === t.T2.personId), 'UX still lists T2');
  res = await holder('personnel').get(`/api/v1/personnel?org_id=${org.U1.id}&size=100`);
  assert.ok(res.json.items.some((i) => i.person_id === t.T.personId), 'U1 lists T');
});

test('the personnel admin and P1 correct U1\'s personnel\'s identity, with an audit record', async () => {
  const [[since]] = sql('SELECT NOW(3)');
  const name = '权限乙更正';
  let res = await holder('personnel').request('PUT', `/api/v1/personnel/${t.Y.personId}/identity`,
    { name, note: '窗口核实后更正' });
  assert.equal(res.status, 204, res.text);
  assert.equal(sql(`SELECT name FROM person WHERE id = ${t.Y.personId}`)[0][0], name);
  const idNumber = freshId();
  res = await s.P1.request('PUT', `/api/v1/personnel/${t.C.personId}/identity`,
    { id_type: '01', id_number: idNumber, note: '证件号录入错误' });
  assert.equal(res.status, 204, res.text);
  assert.equal(sql(`SELECT id_number FROM person WHERE id = ${t.C.personId}`)[0][0], idNumber);
  // A taken ID number stays someone else's.
  res = await holder('personnel').request('PUT', `/api/v1/personnel/${t.Y.personId}/identity`,
    { id_type: '01', id_number: idNumber, note: '重复' });
  assert.equal(res.status, 409, res.text);
  assert.equal(res.json.error.code, 'conflict');
  assert.deepEqual(sql(`SELECT subject_id, actor_org_id FROM audit_log WHERE at >= '${since}'
    AND action = 'person.correct' AND subject_type = 'person' ORDER BY id`).filter(([p]) =>
    [t.Y.personId, t.C.personId].includes(Number(p))),
  [[String(t.Y.personId), String(org.U1.id)], [String(t.C.personId), String(org.P1.id)]]);
});

test('the info_review admin approves B1\'s change', async () => {
  const c = holder('info_review');
  let res = await c.post('/api/v1/reviews/org-changes/decide', { ids: [t.R3], decision: 'approve' });
  assert.equal(res.json?.done, 1, res.text);
  assert.equal(sql(`SELECT name FROM org WHERE id = ${org.B1.id}`)[0][0], t.B1NewName);
  res = await c.del(`/api/v1/reviews/org-changes/${t.R3d}`);
  assert.equal(res.status, 204, res.text);
});

test('the suborgs admin removes B1\'s second admin, who can no longer sign in', async () => {
  const res = await holder('suborgs').del(`/api/v1/orgs/${org.B1.id}/admins/${t.B1A2.personId}`);
  assert.equal(res.status, 204, res.text);
  assert.equal(sql(`SELECT status FROM org_admin WHERE org_id = ${org.B1.id} AND person_id = ${t.B1A2.personId}`)[0][0],
    'removed');
  const login = await new Client().login('unit', t.B1A2.idNumber, t.B1A2.password);
  assert.ok(login.status === 403 && login.json?.error?.code, `sign-in of the removed admin: ${login.text}`);
});

test('the admins admin manages admins; roles and the super right are the super admin\'s', async () => {
  const c = holder('admins');
  const self = moduleAdmins.find((a) => a.module === 'admins');
  const A2 = t.A2.personId;
  const ok = async (res, status) => assert.equal(res.status, status, res.text);
  const refused = (res, code) => assert.ok(isError(res, 403, code), `expected 403 ${code}: ${brief(res)}`);
  // Another admin's role: the admins holder may set it.
  await ok(await c.request('PUT', `/api/v1/org/admins/${A2}/role`, { role_id: t.role }), 204);
  refused(await c.del(`/api/v1/org/roles/${t.role}`), 'super_required');
  const inUse = await s.U1.del(`/api/v1/org/roles/${t.role}`);
  assert.equal(inUse.status, 409, inUse.text);
  assert.equal(inUse.json.error.code, 'role_in_use');
  await ok(await c.request('PUT', `/api/v1/org/admins/${A2}/role`, { role_id: null }), 204);
  const newName = uniqueName('改名角色');
  refused(await c.request('PUT', `/api/v1/org/roles/${t.role}`, { name: newName, modules: MODULES }), 'super_required');
  refused(await c.post('/api/v1/org/roles', { name: uniqueName('自建角色'), modules: MODULES }), 'super_required');
  refused(await c.request('PUT', `/api/v1/org/admins/${self.personId}/role`, { role_id: t.role }), 'own_role');
  assert.deepEqual(sql(`SELECT role_id FROM org_admin WHERE org_id = ${org.U1.id} AND person_id = ${self.personId}`),
    [[String(self.roleId)]]);
  await ok(await s.U1.request('PUT', `/api/v1/org/roles/${t.role}`, { name: newName, modules: ['suborgs'] }), 200);
  assert.equal(sql(`SELECT name FROM admin_role WHERE id = ${t.role}`)[0][0], newName);
  await ok(await s.U1.del(`/api/v1/org/roles/${t.role}`), 204);
  assert.deepEqual(sql(`SELECT COUNT(*) FROM admin_role WHERE id = ${t.role}`), [['0']]);
  const made = await s.U1.post('/api/v1/org/roles', { name: uniqueName('超管新建'), modules: ['personnel'] });
  assert.equal(made.status, 201, made.text);
  // The super right: not the admins holder's to move; the super admin
  // moves it to A2, who then holds it alone and moves it back.
  refused(await c.post(`/api/v1/org/admins/${A2}/super`), 'super_required');
  await ok(await s.U1.post(`/api/v1/org/admins/${A2}/super`), 204);
  assert.deepEqual(sql(`SELECT person_id FROM org_admin WHERE org_id = ${org.U1.id} AND is_super = 1`), [[String(A2)]]);
  const former = await s.U1.post(`/api/v1/org/admins/${A2}/super`);
  assert.equal(former.status, 403, `the former super admin: ${former.text}`);
  await ok(await s.A2.post(`/api/v1/org/admins/${org.U1.adminPersonId}/super`), 204);
  assert.deepEqual(sql(`SELECT person_id FROM org_admin WHERE org_id = ${org.U1.id} AND is_super = 1`),
    [[String(org.U1.adminPersonId)]]);
  await ok(await c.del(`/api/v1/org/admins/${A2}`), 204);
  const gone = await s.A2.get('/api/v1/org');
  assert.ok(gone.status === 401 || gone.status === 403, `the removed admin's session: ${gone.text}`);
  await ok(await c.post('/api/v1/org/admins', { mode: 'pick', person_id: t.Y.personId, role_id: t.moduleRoles[0] }), 204);
  assert.deepEqual(sql(`SELECT role_id, status FROM org_admin WHERE org_id = ${org.U1.id} AND person_id = ${t.Y.personId}`),
    [[String(t.moduleRoles[0]), 'active']]);
  // Y is an admin of U1 now, but the session signed in as personnel stays
  // personnel until it switches role.
  const r = await s.person.get('/api/v1/reviews/personnel-registrations?status=pending');
  assert.equal(r.status, 403, r.text);
  assert.equal(r.json.error.code, 'admin_required');
});

test('U1\'s hours admin approves C\'s declaration, credited once, and hides the rejected one', async () => {
  const c = holder('hours');
  const DQ = '/api/v1/reviews/declarations';
  let res = await c.post(`${DQ}/decide`, { ids: [t.DL.reviewId, t.DL.reviewId], decision: 'approve' });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.results.map((r) => [r.ok, r.code ?? null]), [[true, null], [false, 'already_decided']]);
  assert.equal(res.json.done, 1);
  res = await c.post(`${DQ}/decide`, { ids: [t.DL.reviewId], decision: 'approve' });
  assert.equal(res.json?.results?.[0]?.ok, false, res.text);
  const credited = () => sql(`SELECT source_ref, hours, org_id FROM hour_record
    WHERE person_id = ${t.C.personId} AND source = 'declaration' ORDER BY id`);
  assert.deepEqual(credited(), [[`decl:${t.DL.id}`, '20.0', String(org.U1.id)]], 'the book credited once, to U1');
  assert.equal(sql(`SELECT status FROM declaration WHERE id = ${t.DL.id}`)[0][0], 'approved');
  res = await s.C.get(`/api/v1/me/declarations/${t.DL.id}`);
  assert.equal(res.json?.status, 'approved', res.text);
  res = await s.C.get(`/api/v1/me/years/${YEAR}/records`);
  assert.deepEqual(res.json.filter((r) => r.source === 'declaration').map((r) => r.hours), [20], res.text);
  // A pending one is not hidden; the rejected one is, and credited nothing.
  res = await c.del(`${DQ}/${t.DL2.reviewId}`);
  assert.equal(res.status, 409, res.text);
  res = await c.del(`${DQ}/${t.DLd.reviewId}`);
  assert.equal(res.status, 204, res.text);
  assert.deepEqual(sql(`SELECT hidden FROM review_approver WHERE review_id = ${t.DLd.reviewId}`), [['1']]);
  res = await c.get(`${DQ}?status=decided&size=100`);
  assert.ok(!res.json.items.some((i) => i.id === t.DLd.reviewId), 'the hidden one left the list');
  assert.ok(res.json.items.some((i) => i.id === t.DL.reviewId), 'the approved one is listed as decided');
});

test('P1, above U1, decides U1\'s personnel\'s declaration and enters hours for them', async () => {
  let res = await s.P1.get('/api/v1/reviews/declarations?size=100');
  const item = res.json.items.find((i) => i.id === t.DL2.reviewId);
  assert.equal(item?.org_name, org.U1.name, res.text.slice(0, 300));
  assert.equal(item.hours, 20);
  assert.deepEqual(item.attachments.map((a) => a.id), [t.DL2.attachment.id]);
  res = await s.P1.post('/api/v1/reviews/declarations/decide', { ids: [t.DL2.reviewId], decision: 'approve' });
  assert.equal(res.json?.done, 1, res.text);
  assert.deepEqual(sql(`SELECT status FROM declaration WHERE id = ${t.DL2.id}`), [['approved']]);
  assert.deepEqual(sql(`SELECT COUNT(*), SUM(hours) FROM hour_record WHERE person_id = ${t.C.personId}
    AND source = 'declaration'`), [['2', '40.0']]);
  res = await s.P1.post('/api/v1/hours',
    { person_id: t.C.personId, year: YEAR, category: 'public', study_form: 'online', title: '上级录入', hours: 2.5 });
  assert.equal(res.status, 204, res.text);
  assert.deepEqual(sql(`SELECT org_id, hours, created_by FROM hour_record WHERE person_id = ${t.C.personId}
    AND source = 'admin'`), [[String(org.U1.id), '2.5', String(org.P1.adminPersonId)]]);
  res = await s.P1.get(`/api/v1/hours/query?year=${YEAR}&org_id=${org.U1.id}&size=100`);
  const row = res.json.items.find((i) => i.person_id === t.C.personId);
  assert.deepEqual([row?.public, row?.professional], [2.5, 40], res.text.slice(0, 300));
});

test('D1 finds Y\'s certificate by ID number and name and revokes it; the verification says revoked', async () => {
  const [[name, idNumber]] = sql(`SELECT name, id_number FROM person WHERE id = ${t.Y.personId}`);
  const search = (n) => s.D1.get(`/api/v1/certificates?id_number=${idNumber}&name=${encodeURIComponent(n)}`);
  let res = await search(name);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.find((c) => c.number === t.cert)?.status, 'valid', res.text);
  res = await search('权限无此人');
  assert.ok(!res.json.some((c) => c.number === t.cert), 'a wrong name finds nothing');
  res = await s.D1.post(`/api/v1/certificates/${t.cert}/revoke`, { reason: '学时记录有误' });
  assert.equal(res.status, 204, res.text);
  assert.deepEqual(sql(`SELECT revoked_at IS NOT NULL, revoke_reason, revoked_by FROM certificate
    WHERE number = '${t.cert}'`), [['1', '学时记录有误', String(org.D1.adminPersonId)]]);
  res = await new Client().get(`/api/v1/certificates/${t.cert}`);
  assert.equal(res.json?.status, 'revoked', res.text);
  assert.ok(res.json.revoked_at, res.text);
  res = await search(name);
  assert.equal(res.json.find((c) => c.number === t.cert)?.status, 'revoked', res.text);
  res = await s.D1.post(`/api/v1/certificates/${t.cert}/revoke`, { reason: '再次撤销' });
  assert.equal(res.status, 404, `a revoked certificate is not revoked again: ${res.text}`);
});

test('the city bureau sets a year\'s rule and edits a study form; D1 may not', async () => {
  const rule = { total_min: 96, professional_min: 64, public_min: 32 };
  let res = await s.D1.request('PUT', `/api/v1/hours/rules/${PROBE_YEAR}`, rule);
  assert.ok(isError(res, 403, 'bureau_required'), brief(res));
  res = await s.D1.request('PUT', `/api/v1/hours/forms/${PROBE_FORM}`, formBody(`${t.form.name}（区局）`));
  assert.ok(isError(res, 403, 'bureau_required'), brief(res));
  res = await s.city.request('PUT', `/api/v1/hours/rules/${PROBE_YEAR}`, rule);
  assert.equal(res.status, 204, res.text);
  res = await s.U1.get(`/api/v1/hours/rules/${PROBE_YEAR}`);
  assert.deepEqual(res.json, { year: PROBE_YEAR, ...rule });
  // A rename, put back at once: the form is everyone's.
  res = await s.city.request('PUT', `/api/v1/hours/forms/${PROBE_FORM}`, formBody(`${t.form.name}（核对）`));
  assert.equal(res.status, 204, res.text);
  assert.equal(sql(`SELECT name FROM study_form WHERE code = '${PROBE_FORM}'`)[0][0], `${t.form.name}（核对）`);
  res = await s.city.request('PUT', `/api/v1/hours/forms/${PROBE_FORM}`, formBody(t.form.name));
  assert.equal(res.status, 204, res.text);
  res = await s.C.get('/api/v1/hours/forms?all=1');
  assert.deepEqual(res.json.forms.find((f) => f.code === PROBE_FORM), t.form);
});

// After the hours controls: U1's change waits while anything of its
// personnel's is pending, C's declarations included.
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

test('the courses admin of U1 uploads to U1\'s video and deletes it', async () => {
  const c = holder('courses');
  const put = (body) => api('sdrz', `/api/v1/videos/${t.video}/data?offset=0`, {
    method: 'PUT', body, headers: { Cookie: c.cookie, 'X-CSRF-Token': c.csrf, 'Content-Type': 'application/octet-stream' },
  });
  let res = await put(Buffer.alloc(10));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.received, 10);
  res = await c.del(`/api/v1/videos/${t.video}`);
  assert.equal(res.status, 204, res.text);
  assert.deepEqual(sql(`SELECT COUNT(*) FROM video WHERE id = ${t.video}`), [['0']]);
});

// The snapshot and the audit query of "nothing changed" are not blind:
// the controls' changes show in each part of them.
test('公需科目管理: the city bureau and the district bureaus read its targets; the city bureau writes', async () => {
  const reads = rows.filter((r) => r.module === 'courses' && r.bureau && r.m === 'GET');
  assert.equal(reads.length, 7);
  for (const c of [s.city, s.D1, s.D2]) {
    for (const row of reads) {
      const res = await call(c, row);
      assert.equal(res.status, 200, `${label(row)}: ${res.text.slice(0, 200)}`);
      if (row.sees) assert.ok(row.sees(res.json), `${label(row)} shows the target`);
    }
  }
  let res = await s.city.request('PUT', `/api/v1/courses/classes/${t.class}`, { name: '权限测试公需班(改)', hours: 30 });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.editing.name, '权限测试公需班(改)');
  res = await s.city.request('PUT', `/api/v1/courses/courses/${t.course}`, { name: '权限测试课程(改)' });
  assert.equal(res.status, 204, res.text);
  res = await s.city.post(`/api/v1/courses/courses/${t.course}/sections`,
    { name: '权限测试小节二', video_id: t.cityVideo, bank_id: t.bank.id, exam_questions: 2 });
  assert.equal(res.status, 201, res.text);
  res = await s.city.post(`/api/v1/courses/classes/${t.class}/publish`, {});
  assert.equal(res.status, 200, res.text);
  res = await importFile(s.city, t.bank.id, xlsx([HEADER, ['判断题', '权限测试导入', null, null, null, null, null, null,
    null, null, '正确', '', '']]));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.imported, 1);
  res = await s.city.request('PUT', `/api/v1/banks/${t.bank.id}`, { name: uniqueName('权限测试题库改') });
  assert.equal(res.status, 204, res.text);
});

test('the snapshot sees what the positive controls changed', () => {
  const now = snapshot();
  const same = Object.keys(before0).filter((k) => k !== 'attachments' &&
    JSON.stringify(now[k]) === JSON.stringify(before0[k]));
  assert.deepEqual(same, [], 'parts of the snapshot the controls did not change');
  const actions = new Set(auditSince(walkStart).map(([action]) => action));
  for (const a of ['review.approve', 'review.hide', 'person.correct', 'hours.admin_add', 'cert.revoke', 'video.delete']) {
    assert.ok(actions.has(a), `an audit record ${a} about a target: ${[...actions].join(', ')}`);
  }
});
