// Helpers of the organisation tests: a tree of approved organisations made
// by `sdrzctl org-add`, their admins signed in, admins and roles added
// through the API, registrations of people and organisations, the reviews
// they make, and the personnel's own requests (attachments, profile
// changes, transfers).
import assert from 'node:assert/strict';
import { api, sdrzctl, sql } from './lib.mjs';
import { Client, freshId, registration, rootId, title } from './accounts-lib.mjs';

export const ADMIN_PASSWORD = 'Admin2026x';

// The sign-in user type of an organisation kind's admins.
export const USER_TYPE = {
  hrb_city: 'hrb', hrb_district: 'hrb', dept: 'dept', unit: 'unit', base: 'base',
};

let seq = 0;
// A name that no earlier run used: the prefix and a clock-based suffix.
export function uniqueName(prefix) {
  seq += 1;
  return `${prefix}${Date.now() % 1_000_000}${seq}`;
}

// orgAdd({kind, parent, name, region}): an approved organisation under
// parent, with a new super admin (fresh ID number, ADMIN_PASSWORD).
// The region defaults to the parent's (sdrzctl's rule).
export function orgAdd({ kind, parent, name, region }) {
  const admin = freshId();
  const full = uniqueName(name);
  const args = ['org-add', '--kind', kind, '--parent', String(parent), '--name', full,
    '--admin-id', admin, '--admin-name', '钱管理', '--admin-password', ADMIN_PASSWORD];
  if (region) args.push('--region', region);
  const r = sdrzctl(...args);
  assert.equal(r.status, 0, `sdrzctl org-add ${kind}: ${r.stderr}`);
  const id = Number(/created organisation (\d+)/.exec(r.stdout)[1]);
  return {
    id, kind, name: full, admin, password: ADMIN_PASSWORD, userType: USER_TYPE[kind],
    adminPersonId: personId(admin),
  };
}

// The person id of an ID number (type 01).
export function personId(idNumber) {
  const rows = sql(`SELECT id FROM person WHERE id_type = '01' AND id_number = '${idNumber.toUpperCase()}'`);
  assert.equal(rows.length, 1, `a person with ID ${idNumber}`);
  return Number(rows[0][0]);
}

// signIn(userType, idNumber, password, {orgId, kind}): a Client whose
// session acts in the role the sign-in gave; with orgId, it must be that
// organisation's (kind 'admin' unless told).
export async function signIn(userType, idNumber, password, { orgId, kind = 'admin' } = {}) {
  const c = new Client();
  const res = await c.login(userType, idNumber, password);
  assert.equal(res.status, 200, `sign-in ${userType} ${idNumber}: ${res.text}`);
  assert.ok(res.json.role, `a role is acted in: ${res.text}`);
  assert.equal(res.json.role.kind, kind);
  if (orgId !== undefined) assert.equal(res.json.role.org_id, orgId);
  return c;
}

// The super admin of an organisation made by orgAdd, signed in.
export function signInAdmin(org) {
  return signIn(org.userType, org.admin, org.password, { orgId: org.id });
}

// addAdmin(client, {role_id}): a new person registered as an admin of the
// client's organisation (mode register); returns their login.
export async function addAdmin(client, { roleId = null, name = '孙管理' } = {}) {
  const idNumber = freshId();
  const password = 'Second2026b';
  const body = {
    mode: 'register', id_type: '01', id_number: idNumber, name, password, password2: password,
    phone: '13906339876', email: 'second@example.cn',
  };
  if (roleId !== null) body.role_id = roleId;
  const res = await client.post('/api/v1/org/admins', body);
  assert.equal(res.status, 204, `add admin: ${res.text}`);
  return { idNumber, password, personId: personId(idNumber) };
}

// createRole(client, name, modules): a role of the client's organisation.
export async function createRole(client, name, modules) {
  const res = await client.post('/api/v1/org/roles', { name: uniqueName(name), modules });
  assert.equal(res.status, 201, `create role: ${res.text}`);
  assert.ok(Number.isInteger(res.json.id));
  return res.json.id;
}

// The latest review of the kind on the subject.
export function reviewOf(kind, subjectType, subjectId) {
  const rows = sql(`SELECT id FROM review WHERE kind = '${kind}' AND subject_type = '${subjectType}'
    AND subject_id = ${subjectId} ORDER BY id DESC LIMIT 1`);
  assert.equal(rows.length, 1, `a ${kind} review of ${subjectType} ${subjectId}`);
  return Number(rows[0][0]);
}

// A personnel registration to unitId, pending; returns its body, person
// and review.
export async function pendingPersonnel(unitId, overrides = {}) {
  const body = registration(unitId, overrides);
  const res = await new Client().postSolved('/api/v1/register/personnel', body);
  assert.equal(res.status, 201, `register personnel: ${res.text}`);
  const pid = personId(body.id_number);
  return { body, personId: pid, reviewId: reviewOf('personnel_reg', 'person', pid) };
}

// A personnel registration to unitId approved by admin (a Client acting as
// the unit's admin).
export async function approvedPersonnel(unitId, admin, overrides = {}) {
  const p = await pendingPersonnel(unitId, overrides);
  const d = await admin.post('/api/v1/reviews/personnel-registrations/decide',
    { ids: [p.reviewId], decision: 'approve' });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.done, 1, d.text);
  return p;
}

// The body of POST /api/v1/register/org for a branch under parentUnitId
// (a subordinate unit), with overrides; its admin is a new person.
export function branchRegistration(parentUnitId, overrides = {}) {
  const admin = freshId();
  return {
    kind: 'unit', name: uniqueName('下级单位'), nature: dictCodeOf('unit_nature'),
    industry: dictCodeOf('industry'), phone: '0633-8888888', address: '日照市东港区测试路 1 号',
    parent_unit_id: parentUnitId, has_uscc: false, agree: true,
    admin_id_type: '01', admin_id_number: admin, admin_password: 'Branch2026c',
    admin_password2: 'Branch2026c', admin_name: '周管理', admin_phone: '13906335555',
    admin_email: 'branch@example.cn',
    ...overrides,
  };
}

// A pending registration of a branch under parentUnitId; returns the new
// organisation's id and its review.
export async function pendingBranch(parentUnitId, overrides = {}) {
  const body = branchRegistration(parentUnitId, overrides);
  const res = await new Client().postSolved('/api/v1/register/org', body);
  assert.equal(res.status, 201, `register branch: ${res.text}`);
  const id = res.json.id;
  assert.ok(Number.isInteger(id), res.text);
  return { body, id, reviewId: reviewOf('org_reg', 'org', id) };
}

const codes = {};
// Some code of a dictionary (unit_nature, industry, …), read once.
export function dictCodeOf(dict) {
  if (!codes[dict]) {
    const rows = sql(`SELECT code FROM dict_item WHERE dict = '${dict}' ORDER BY sort, code LIMIT 1`);
    assert.equal(rows.length, 1, `dictionary ${dict} has items`);
    codes[dict] = rows[0][0];
  }
  return codes[dict];
}

// A small valid PDF (the platform checks the content, not the name).
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer <<>>\nstartxref\n29\n%%EOF\n', 'latin1');

// upload(client, {name, bytes, type}): POST /api/v1/attachments as a
// multipart form (field "file") with the client's session and CSRF token;
// the raw answer.
export function upload(client, { name = '证明.pdf', bytes = PDF, type = 'application/pdf' } = {}) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  const headers = {};
  if (client.cookie) headers.Cookie = client.cookie;
  if (client.csrf) headers['X-CSRF-Token'] = client.csrf;
  return api(client.portal, '/api/v1/attachments', { method: 'POST', headers, body: form });
}

// An attachment of the signed-in person: {id, name, mime, size}.
export async function uploadPdf(client, name) {
  const res = await upload(client, { name });
  assert.equal(res.status, 201, `upload: ${res.text}`);
  assert.ok(Number.isInteger(res.json?.id), res.text);
  return res.json;
}

// askChange(client, overrides): the signed-in person asks a reviewed change
// (a new dept, a title effective date) and gets 202; returns its review.
export async function askChange(client, personId, overrides = {}) {
  const res = await client.post('/api/v1/me/profile-change', {
    dept: uniqueName('新部门'), ...title(), title_effective_on: '2020-06-01', ...overrides,
  });
  assert.equal(res.status, 202, `profile change: ${res.text}`);
  return reviewOf('profile_change', 'person', personId);
}

// askTransfer(client, personId, toOrgId): the signed-in person asks to move
// to toOrgId and gets 202; returns its review and personnel_transfer ids.
export async function askTransfer(client, personId, toOrgId) {
  const res = await client.post('/api/v1/me/transfer', { to_org_id: toOrgId });
  assert.equal(res.status, 202, `transfer: ${res.text}`);
  const reviewId = reviewOf('transfer', 'person', personId);
  const rows = sql(`SELECT id FROM personnel_transfer WHERE review_id = ${reviewId}`);
  assert.equal(rows.length, 1, `the transfer of review ${reviewId}`);
  return { reviewId, id: Number(rows[0][0]) };
}

// ---- hours (学时) ----

// The password of the demo's accounts (sdrzctl demo), the city bureau's
// super admin among them.
export const DEMO_PASSWORD = 'Rizhao2026';

// The city bureau (the root of the tree) and its super admin signed in:
// {c, org: {id, kind}}.
export async function signInCity() {
  const root = rootId();
  const rows = sql(`SELECT o.kind, p.id_number FROM org o JOIN org_admin a ON a.org_id = o.id
    JOIN person p ON p.id = a.person_id WHERE o.id = ${root} AND a.is_super = 1 AND a.status = 'active'`);
  assert.equal(rows.length, 1, 'the city bureau has one super admin');
  assert.equal(rows[0][0], 'hrb_city', 'the root is the city bureau');
  const c = await signIn('hrb', rows[0][1], DEMO_PASSWORD, { orgId: root });
  return { c, org: { id: root, kind: 'hrb_city' } };
}

let isbnSeq = Date.now() % 100000;
// The body of a declaration of a published book (study form "book",
// 主编: 20 hours) in year, with an ISBN no earlier call used.
export function bookDeclaration(year, rank = '主编') {
  isbnSeq += 1;
  const isbn = `978-7-5${String(isbnSeq).padStart(5, '0')}-${seq % 10}-0`;
  return {
    year, category: 'professional', study_form: 'book',
    data: { book: uniqueName('继续教育实务'), isbn, publisher: '山东人民出版社', date: `${year}-01-15`, words: 12, rank },
  };
}

// declare(client, body): the signed-in person declares hours with a fresh
// PDF proof and gets 201; returns the declaration's id, its review and the
// proof.
export async function declare(client, body) {
  const attachment = await uploadPdf(client, '著作证明.pdf');
  const res = await client.post('/api/v1/me/declarations', { ...body, attachments: [attachment.id] });
  assert.equal(res.status, 201, `declaration: ${res.text}`);
  assert.ok(Number.isInteger(res.json?.id), res.text);
  const rows = sql(`SELECT review_id FROM declaration WHERE id = ${res.json.id}`);
  assert.equal(rows.length, 1, `declaration ${res.json.id}`);
  return { id: res.json.id, reviewId: Number(rows[0][0]), attachment };
}
