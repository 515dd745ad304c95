// Organisations: registration of every kind and its routing up the tree,
// approval, information changes with one or two approvers, admins, roles
// and permission modules, the subtree lists, and the refusals.
import assert from 'node:assert/strict';
import { test, describe, before } from 'node:test';
import { assertError, sdrzctl, sql } from '../lib.mjs';
import { Client, freshId, registration, rootId } from '../accounts-lib.mjs';

const PW = 'Org2026pass';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const A = '0123456789ABCDEFGHJKLMNPQRTUWXY';
let usccSeq = Date.now() % 100000000;
// A fresh valid USCC (GB 32100): 91 + region + 9 characters + check.
function uscc() {
  usccSeq += 1;
  const body = `91371102${String(usccSeq).padStart(9, '0')}`;
  const sum = [...body].reduce((s, c, i) => s + A.indexOf(c) * W[i], 0);
  return body + A[(31 - (sum % 31)) % 31];
}

function orgAdd(kind, parent, name) {
  const admin = freshId();
  const r = sdrzctl('org-add', '--kind', kind, '--parent', String(parent), '--name',
    `${name}${usccSeq++ % 100000}`, '--admin-id', admin, '--admin-name', '钱管理', '--admin-password', PW);
  assert.equal(r.status, 0, r.stderr);
  return { id: Number(/created organisation (\d+)/.exec(r.stdout)[1]), admin, password: PW };
}

async function signIn(userType, who) {
  const c = new Client();
  const res = await c.login(userType, who.admin, who.password);
  assert.equal(res.status, 200, res.text);
  return c;
}

function unitForm(overrides = {}) {
  return {
    kind: 'unit', name: `注册单位${usccSeq++ % 100000}`, nature: '20', industry: 'Q', phone: '0633-8888888',
    address: '日照市东港区海滨路 1 号', region_code: '371171', has_dept: false, has_uscc: true, uscc: uscc(),
    agree: true, admin_id_type: '01', admin_id_number: freshId(), admin_password: PW, admin_password2: PW,
    admin_name: '周主任', admin_phone: '13906331111', admin_email: 'unit@example.cn', ...overrides,
  };
}

async function registerOrg(overrides) {
  const body = unitForm(overrides);
  const res = await new Client().postSolved('/api/v1/register/org', body);
  return { res, body };
}

function reviewOf(orgId, kind = 'org_reg') {
  const rows = sql(`SELECT id FROM review WHERE kind = '${kind}' AND subject_type = 'org'
    AND subject_id = ${orgId} ORDER BY id DESC LIMIT 1`);
  return Number(rows[0][0]);
}

function approversOf(reviewId) {
  return sql(`SELECT org_id, status FROM review_approver WHERE review_id = ${reviewId} ORDER BY org_id`)
    .map(([o, s]) => [Number(o), s]);
}

let root;
let city;

before(async () => {
  root = rootId();
  const [[admin]] = sql(`SELECT p.id_number FROM org_admin a JOIN person p ON p.id = a.person_id
    WHERE a.org_id = ${root} AND a.is_super = 1`);
  city = await signIn('hrb', { admin, password: 'Rizhao2026' });
});

describe('registration and routing', () => {
  test('a unit without a department goes to the city bureau when its district has none', async () => {
    sql("UPDATE org SET status = 'disabled' WHERE kind = 'hrb_district' AND region_code = '371171'");
    const { res, body } = await registerOrg({ region_code: '371171' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.message, '注册信息已提交审核,请耐心等待');
    const id = res.json.id;
    assert.deepEqual(approversOf(reviewOf(id)), [[root, 'pending']]);
    assert.equal(sql(`SELECT status, parent_id FROM org WHERE id = ${id}`)[0].join(), `pending,${root}`);
    const pending = await new Client().login('unit', body.admin_id_number, PW);
    assertError(pending, 403, 'not_approved');
    assert.match(pending.json.error.message, /日照市人力资源和社会保障局/);
    const q = await city.get(`/api/v1/reviews/org-registrations?type=unit&name=${encodeURIComponent(body.name)}`);
    assert.equal(q.status, 200, q.text);
    assert.equal(q.json.total, 1);
    const d = await city.post('/api/v1/reviews/org-registrations/decide', { ids: [q.json.items[0].review.id], decision: 'approve' });
    assert.equal(d.json.done, 1, d.text);
    const admin = await signIn('unit', { admin: body.admin_id_number, password: PW });
    const me = await admin.get('/api/v1/org');
    assert.equal(me.json.name, body.name);
    assert.equal(me.json.status, 'approved');
    assert.deepEqual(me.json.modules.sort(), ['account_review', 'admins', 'courses', 'hours', 'info_review', 'org_info', 'personnel', 'suborgs']);
  });

  test('a district bureau registers with the city; units of its district then go to it', async () => {
    const region = '371121';
    sql(`UPDATE org SET status = 'disabled' WHERE kind = 'hrb_district' AND region_code = '${region}'`);
    const { res, body } = await registerOrg({ kind: 'hrb_district', name: `五莲县人力资源和社会保障局${usccSeq % 1000}`, region_code: region, nature: undefined, industry: undefined });
    assert.equal(res.status, 201, res.text);
    const again = await registerOrg({ kind: 'hrb_district', region_code: region });
    assertError(again.res, 409, 'conflict');
    assert.ok(again.res.json.error.fields.region_code);
    const bad = await registerOrg({ kind: 'hrb_district', region_code: '370000' });
    assertError(bad.res, 400, 'invalid');
    const d = await city.post('/api/v1/reviews/org-registrations/decide', { ids: [reviewOf(res.json.id)], decision: 'approve' });
    assert.equal(d.json.done, 1, d.text);
    const unit = await registerOrg({ region_code: region });
    assert.equal(unit.res.status, 201, unit.res.text);
    assert.equal(unit.res.json.approver, body.name);
    assert.deepEqual(approversOf(reviewOf(unit.res.json.id)), [[res.json.id, 'pending']]);
    const dept = await registerOrg({ kind: 'dept', level: '3', region_code: region });
    assert.equal(dept.res.status, 201, dept.res.text);
    assert.deepEqual(approversOf(reviewOf(dept.res.json.id)), [[res.json.id, 'pending']]);
    const bureau = await signIn('hrb', { admin: body.admin_id_number, password: PW });
    const q = await bureau.get('/api/v1/reviews/org-registrations?type=dept');
    assert.ok(q.json.items.some((i) => i.id === dept.res.json.id));
    const qu = await bureau.get('/api/v1/reviews/org-registrations?type=unit');
    assert.ok(qu.json.items.some((i) => i.id === unit.res.json.id));
    assert.ok(!qu.json.items.some((i) => i.id === dept.res.json.id), 'type filters the queue');
    sql(`UPDATE org SET status = 'disabled' WHERE id = ${res.json.id}`);
  });

  test('a unit with a department goes to it; a branch goes to its parent unit; a base to the bureau', async () => {
    const dept = orgAdd('dept', root, '市卫健委');
    const withDept = await registerOrg({ has_dept: true, dept_id: dept.id, region_code: undefined });
    assert.equal(withDept.res.status, 201, withDept.res.text);
    assert.deepEqual(approversOf(reviewOf(withDept.res.json.id)), [[dept.id, 'pending']]);
    const unit = orgAdd('unit', dept.id, '市人民医院');
    const branch = await registerOrg({ parent_unit_id: unit.id, region_code: undefined, has_dept: undefined });
    assert.equal(branch.res.status, 201, branch.res.text);
    assert.deepEqual(approversOf(reviewOf(branch.res.json.id)), [[unit.id, 'pending']]);
    const hosp = await signIn('unit', unit);
    const q = await hosp.get('/api/v1/reviews/org-registrations?type=branch');
    assert.ok(q.json.items.some((i) => i.id === branch.res.json.id), q.text);
    const base = await registerOrg({ kind: 'base', level: '3', nature: undefined, region_code: '371102' });
    assert.equal(base.res.status, 201, base.res.text);
    const [[baseApprover]] = approversOf(reviewOf(base.res.json.id));
    const [[kind]] = sql(`SELECT kind FROM org WHERE id = ${baseApprover}`);
    assert.match(kind, /^hrb_/);
    const notDept = await registerOrg({ has_dept: true, dept_id: unit.id, region_code: undefined });
    assertError(notDept.res, 400, 'invalid');
    assert.ok(notDept.res.json.error.fields.dept_id);
  });

  test('refusals: a wrong check character, a taken USCC, a taken ID, weak and mismatched passwords', async () => {
    const good = uscc();
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r1 = await registerOrg({ uscc: wrong });
    assertError(r1.res, 400, 'invalid');
    assert.match(r1.res.json.error.fields.uscc, /校验码/);
    const first = await registerOrg({ uscc: good });
    assert.equal(first.res.status, 201);
    // A USCC is taken once its organisation is approved (a waiting
    // registration only claims it: registration.test.mjs).
    const approve = await city.post('/api/v1/reviews/org-registrations/decide', { ids: [reviewOf(first.res.json.id)], decision: 'approve' });
    assert.equal(approve.json.done, 1, approve.text);
    const dup = await registerOrg({ uscc: good });
    assertError(dup.res, 409, 'conflict');
    assert.ok(dup.res.json.error.fields.uscc);
    const takenId = await registerOrg({ admin_id_number: first.body.admin_id_number });
    assertError(takenId.res, 409, 'conflict');
    assert.ok(takenId.res.json.error.fields.admin_id_number);
    const weak = await registerOrg({ admin_password: 'weakpass', admin_password2: 'weakpass' });
    assert.ok(weak.res.json.error.fields.admin_password);
    const mismatch = await registerOrg({ admin_password2: 'Other2026x' });
    assert.ok(mismatch.res.json.error.fields.admin_password2);
    const noAgree = await registerOrg({ agree: false });
    assert.ok(noAgree.res.json.error.fields.agree);
    assert.equal(sql(`SELECT COUNT(*) FROM org WHERE uscc = '${wrong}'`)[0][0], '0');
  });

  test('without a USCC a unit registers and is told to contact the service desk', async () => {
    const { res } = await registerOrg({ has_uscc: false, uscc: undefined });
    assert.equal(res.status, 201, res.text);
    assert.match(res.json.notice, /联系客服/);
  });

  test('an existing user registers an organisation with their own password', async () => {
    const person = { ...registration(orgAdd('unit', root, '人员单位').id) };
    assert.equal((await new Client().postSolved('/api/v1/register/personnel', person)).status, 201);
    const wrong = await registerOrg({ admin_existing: true, admin_id_number: person.id_number, admin_name: person.name, admin_password: 'Wrong2026xx', admin_password2: undefined });
    assertError(wrong.res, 400, 'invalid');
    assert.ok(wrong.res.json.error.fields.admin_password);
    const ok = await registerOrg({ admin_existing: true, admin_id_number: person.id_number, admin_name: person.name, admin_password: person.password, admin_password2: undefined });
    assert.equal(ok.res.status, 201, ok.res.text);
  });

  test('a rejected registration tells the reason and gives the USCC back', async () => {
    const { res, body } = await registerOrg();
    const d = await city.post('/api/v1/reviews/org-registrations/decide', { ids: [reviewOf(res.json.id)], decision: 'reject', reason: '单位名称与营业执照不符' });
    assert.equal(d.json.done, 1, d.text);
    const login = await new Client().login('unit', body.admin_id_number, PW);
    assertError(login, 403, 'registration_rejected');
    assert.match(login.json.error.message, /单位名称与营业执照不符/);
    const again = await registerOrg({ uscc: body.uscc, admin_existing: true, admin_id_number: body.admin_id_number, admin_name: body.admin_name, admin_password2: undefined });
    assert.equal(again.res.status, 201, again.res.text);
  });
});

describe('information', () => {
  test('basic fields save at once; name, USCC and parent go through review', async () => {
    const dept = orgAdd('dept', root, '市教育局');
    const unit = orgAdd('unit', dept.id, '市第一中学');
    const admin = await signIn('unit', unit);
    const put = await admin.request('PUT', '/api/v1/org', { nature: '21', industry: 'P', phone: '0633-7777777', address: '新地址 2 号' });
    assert.equal(put.status, 204, put.text);
    assert.equal(sql(`SELECT phone, address, industry FROM org WHERE id = ${unit.id}`)[0].join(), '0633-7777777,新地址 2 号,P');
    const bad = await admin.request('PUT', '/api/v1/org', { phone: 'x', address: '' });
    assertError(bad, 400, 'invalid');
    const code = uscc();
    const chg = await admin.post('/api/v1/org/change', { uscc: code, note: '换发营业执照' });
    assert.equal(chg.status, 202, chg.text);
    assert.equal(sql(`SELECT uscc IS NULL FROM org WHERE id = ${unit.id}`)[0][0], '1', 'nothing changes before approval');
    const twice = await admin.post('/api/v1/org/change', { name: '改名' });
    assertError(twice, 409, 'conflict');
    const deptAdmin = await signIn('dept', dept);
    const q = await deptAdmin.get('/api/v1/reviews/org-changes');
    const item = q.json.items.find((i) => i.id === unit.id);
    assert.equal(item.review.after.uscc, code);
    assert.equal(item.review.before.uscc, null);
    const d = await deptAdmin.post('/api/v1/reviews/org-changes/decide', { ids: [item.review.id], decision: 'approve' });
    assert.equal(d.json.done, 1);
    assert.equal(sql(`SELECT uscc FROM org WHERE id = ${unit.id}`)[0][0], code);
  });

  test('a parent change needs the old and the new parent, and moves the subtree', async () => {
    const oldDept = orgAdd('dept', root, '旧主管部门');
    const newDept = orgAdd('dept', root, '新主管部门');
    const unit = orgAdd('unit', oldDept.id, '迁移单位');
    const branch = orgAdd('unit', unit.id, '迁移分院');
    const admin = await signIn('unit', unit);
    const below = await admin.post('/api/v1/org/change', { parent_id: branch.id });
    assertError(below, 400, 'invalid');
    const chg = await admin.post('/api/v1/org/change', { parent_id: newDept.id });
    assert.equal(chg.status, 202, chg.text);
    const r = reviewOf(unit.id, 'org_change');
    assert.deepEqual(approversOf(r), [[oldDept.id, 'pending'], [newDept.id, 'pending']].sort((a, b) => a[0] - b[0]));
    const oldAdmin = await signIn('dept', oldDept);
    const newAdmin = await signIn('dept', newDept);
    assert.equal((await oldAdmin.post('/api/v1/reviews/org-changes/decide', { ids: [r], decision: 'approve' })).json.done, 1);
    assert.equal(sql(`SELECT parent_id FROM org WHERE id = ${unit.id}`)[0][0], String(oldDept.id), 'one approval is not enough');
    assert.equal(sql(`SELECT status FROM review WHERE id = ${r}`)[0][0], 'pending');
    const again = await oldAdmin.post('/api/v1/reviews/org-changes/decide', { ids: [r], decision: 'approve' });
    assert.equal(again.json.results[0].code, 'already_decided');
    assert.equal((await newAdmin.post('/api/v1/reviews/org-changes/decide', { ids: [r], decision: 'approve' })).json.done, 1);
    const [[parent, upath]] = sql(`SELECT parent_id, path FROM org WHERE id = ${unit.id}`);
    assert.equal(parent, String(newDept.id));
    const [[npath]] = sql(`SELECT path FROM org WHERE id = ${newDept.id}`);
    assert.equal(upath, `${npath}${unit.id}/`);
    assert.equal(sql(`SELECT path FROM org WHERE id = ${branch.id}`)[0][0], `${npath}${unit.id}/${branch.id}/`);
    const sub = await newAdmin.get(`/api/v1/orgs/${branch.id}`);
    assert.equal(sub.status, 200, 'the new parent sees the moved branch');
    assertError(await oldAdmin.get(`/api/v1/orgs/${branch.id}`), 404, 'not_found');
  });

  test('one rejection of a two-approver change rejects it and changes nothing', async () => {
    const a = orgAdd('dept', root, '甲部门');
    const b = orgAdd('dept', root, '乙部门');
    const unit = orgAdd('unit', a.id, '被驳回迁移');
    await (await signIn('unit', unit)).post('/api/v1/org/change', { parent_id: b.id, name: '新名字' });
    const r = reviewOf(unit.id, 'org_change');
    const bAdmin = await signIn('dept', b);
    const d = await bAdmin.post('/api/v1/reviews/org-changes/decide', { ids: [r], decision: 'reject', reason: '不同意接收' });
    assert.equal(d.json.done, 1);
    assert.deepEqual(approversOf(r).map((x) => x[1]).sort(), ['rejected', 'void']);
    const late = await (await signIn('dept', a)).post('/api/v1/reviews/org-changes/decide', { ids: [r], decision: 'approve' });
    assert.equal(late.json.results[0].ok, false);
    assert.equal(sql(`SELECT parent_id FROM org WHERE id = ${unit.id}`)[0][0], String(a.id));
    assert.doesNotMatch(sql(`SELECT name FROM org WHERE id = ${unit.id}`)[0][0], /新名字/);
  });

  test('a change is refused while its personnel have something pending', async () => {
    const unit = orgAdd('unit', root, '有待审单位');
    const reg = await new Client().postSolved('/api/v1/register/personnel', registration(unit.id));
    assert.equal(reg.status, 201);
    const res = await (await signIn('unit', unit)).post('/api/v1/org/change', { name: '改名' });
    assertError(res, 409, 'conflict');
    assert.match(res.json.error.message, /待审核/);
  });

  test('applying is all or nothing: a USCC taken meanwhile fails the approval and nothing is recorded', async () => {
    const unit = orgAdd('unit', root, '原子性单位');
    const code = uscc();
    assert.equal((await (await signIn('unit', unit)).post('/api/v1/org/change', { uscc: code })).status, 202);
    const r = reviewOf(unit.id, 'org_change');
    sql(`UPDATE org SET uscc = '${code}' WHERE id = ${orgAdd('unit', root, '抢注单位').id}`);
    const d = await city.post('/api/v1/reviews/org-changes/decide', { ids: [r], decision: 'approve' });
    assert.equal(d.json.results[0].ok, false);
    assert.deepEqual(approversOf(r), [[root, 'pending']], 'the approval was not recorded');
    assert.equal(sql(`SELECT status FROM review WHERE id = ${r}`)[0][0], 'pending');
    assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'review.approve' AND subject_id = ${r}`)[0][0], '0');
  });
});

describe('admins and roles', () => {
  test('the three ways to add an admin, the super right, and removal', async () => {
    const unit = orgAdd('unit', root, '管理员单位');
    const sup = await signIn('unit', unit);
    // a. pick a person of this unit
    const person = registration(unit.id);
    await new Client().postSolved('/api/v1/register/personnel', person);
    const [[rid]] = sql(`SELECT r.id FROM review r JOIN person p ON p.id = r.subject_id WHERE p.id_number = '${person.id_number}'`);
    await sup.post('/api/v1/reviews/personnel-registrations/decide', { ids: [Number(rid)], decision: 'approve' });
    const [[pid]] = sql(`SELECT id FROM person WHERE id_number = '${person.id_number}'`);
    assert.equal((await sup.post('/api/v1/org/admins', { mode: 'pick', person_id: Number(pid) })).status, 204);
    const outsider = orgAdd('unit', root, '外单位');
    const [[opid]] = sql(`SELECT id FROM person WHERE id_number = '${outsider.admin}'`);
    const notMine = await sup.post('/api/v1/org/admins', { mode: 'pick', person_id: Number(opid) });
    assertError(notMine, 400, 'invalid');
    // b. register a new person
    const newId = freshId();
    const reg = await sup.post('/api/v1/org/admins', { mode: 'register', id_type: '01', id_number: newId, name: '吴新管', password: PW, password2: PW, phone: '13906332222', email: 'new@example.cn' });
    assert.equal(reg.status, 204, reg.text);
    // c. an existing user with their own password
    const wrong = await sup.post('/api/v1/org/admins', { mode: 'existing', id_type: '01', id_number: outsider.admin, name: '钱管理', password: 'Wrong2026x' });
    assertError(wrong, 400, 'invalid');
    assert.equal((await sup.post('/api/v1/org/admins', { mode: 'existing', id_type: '01', id_number: outsider.admin, name: '钱管理', password: PW })).status, 204);
    const dup = await sup.post('/api/v1/org/admins', { mode: 'existing', id_type: '01', id_number: outsider.admin, name: '钱管理', password: PW });
    assertError(dup, 409, 'conflict');
    const list = await sup.get('/api/v1/org/admins');
    assert.equal(list.json.length, 4);
    assert.equal(list.json.filter((a) => a.is_super).length, 1);
    // The new admin signs in for this unit.
    assert.equal((await new Client().login('unit', newId, PW)).status, 200);
    // The super admin cannot be deleted; the right moves, and then it can.
    const [[supId]] = sql(`SELECT id FROM person WHERE id_number = '${unit.admin}'`);
    assertError(await sup.del(`/api/v1/org/admins/${supId}`), 409, 'last_super');
    const [[newPid]] = sql(`SELECT id FROM person WHERE id_number = '${newId}'`);
    assert.equal((await sup.post(`/api/v1/org/admins/${newPid}/super`)).status, 204);
    const after = await sup.get('/api/v1/org/admins');
    assertError(after, 403, 'module_forbidden');
    const newSup = await signIn('unit', { admin: newId, password: PW });
    const l2 = await newSup.get('/api/v1/org/admins');
    assert.deepEqual(l2.json.filter((a) => a.is_super).map((a) => a.person_id), [Number(newPid)]);
    assert.equal((await newSup.del(`/api/v1/org/admins/${supId}`)).status, 204);
    assertError(await sup.get('/api/v1/org'), 401, 'not_signed_in');
    const gone = await new Client().login('unit', unit.admin, PW);
    assertError(gone, 403, 'no_role');
  });

  test('roles grant modules; a role in use cannot be deleted', async () => {
    const unit = orgAdd('unit', root, '角色单位');
    const sup = await signIn('unit', unit);
    const mods = await sup.get('/api/v1/org/modules');
    assert.deepEqual(mods.json.map((m) => m.name).sort(), ['account_review', 'admins', 'courses', 'hours', 'info_review', 'org_info', 'personnel', 'suborgs']);
    const badRole = await sup.post('/api/v1/org/roles', { name: '空角色', modules: [] });
    assertError(badRole, 400, 'invalid');
    const unknown = await sup.post('/api/v1/org/roles', { name: '怪角色', modules: ['root'] });
    assertError(unknown, 400, 'invalid');
    const role = await sup.post('/api/v1/org/roles', { name: '审核员', modules: ['account_review'] });
    assert.equal(role.status, 201, role.text);
    const dupName = await sup.post('/api/v1/org/roles', { name: '审核员', modules: ['admins'] });
    assertError(dupName, 409, 'conflict');
    const id = freshId();
    assert.equal((await sup.post('/api/v1/org/admins', { mode: 'register', role_id: role.json.id, id_type: '01', id_number: id, name: '郑审核', password: PW, password2: PW, phone: '13906333333', email: 'r@example.cn' })).status, 204);
    const reviewer = await signIn('unit', { admin: id, password: PW });
    assert.equal((await reviewer.get('/api/v1/reviews/personnel-registrations')).status, 200);
    assertError(await reviewer.get('/api/v1/org/admins'), 403, 'module_forbidden');
    assertError(await reviewer.request('PUT', '/api/v1/org', { phone: '0633-1', address: 'x' }), 403, 'module_forbidden');
    const me = await reviewer.get('/api/v1/org');
    assert.deepEqual(me.json.modules, ['account_review']);
    assertError(await sup.del(`/api/v1/org/roles/${role.json.id}`), 409, 'role_in_use');
    const upd = await sup.request('PUT', `/api/v1/org/roles/${role.json.id}`, { name: '审核员', modules: ['account_review', 'admins'] });
    assert.equal(upd.status, 200, upd.text);
    assert.equal((await reviewer.get('/api/v1/org/admins')).status, 200, 'the new module applies at once');
    const [[rpid]] = sql(`SELECT id FROM person WHERE id_number = '${id}'`);
    assert.equal((await sup.request('PUT', `/api/v1/org/admins/${rpid}/role`, { role_id: null })).status, 204);
    assertError(await reviewer.get('/api/v1/reviews/personnel-registrations'), 403, 'module_forbidden');
    assert.equal((await sup.del(`/api/v1/org/roles/${role.json.id}`)).status, 204);
  });
});

describe('the subtree', () => {
  test('lists and details stop at the subtree, with filters; admins of a suborg can be removed', async () => {
    const dept = orgAdd('dept', root, '子树部门');
    const u1 = orgAdd('unit', dept.id, '子树单位甲');
    const b1 = orgAdd('unit', u1.id, '子树分院');
    const other = orgAdd('unit', root, '子树外单位');
    const d = await signIn('dept', dept);
    const all = await d.get('/api/v1/orgs?size=100');
    assert.deepEqual(all.json.items.map((o) => o.id).sort((a, b) => a - b), [u1.id, b1.id].sort((a, b) => a - b));
    const branches = await d.get('/api/v1/orgs?type=branch');
    assert.deepEqual(branches.json.items.map((o) => o.id), [b1.id]);
    const named = await d.get(`/api/v1/orgs?name=${encodeURIComponent('子树单位甲')}`);
    assert.deepEqual(named.json.items.map((o) => o.id), [u1.id]);
    assertError(await d.get(`/api/v1/orgs/${other.id}`), 404, 'not_found');
    assertError(await d.get(`/api/v1/orgs/${dept.id}`), 404, 'not_found');
    const det = await d.get(`/api/v1/orgs/${b1.id}`);
    assert.equal(det.json.admins.length, 1);
    const cityList = await city.get('/api/v1/orgs?type=dept&size=100');
    assert.ok(cityList.json.items.some((o) => o.id === dept.id));
    // Removing a suborg's only (super) admin is refused; another one goes.
    const [[bsup]] = sql(`SELECT id FROM person WHERE id_number = '${b1.admin}'`);
    assertError(await d.del(`/api/v1/orgs/${b1.id}/admins/${bsup}`), 409, 'last_super');
    const b1sup = await signIn('unit', b1);
    const extra = freshId();
    await b1sup.post('/api/v1/org/admins', { mode: 'register', id_type: '01', id_number: extra, name: '冯副管', password: PW, password2: PW, phone: '13906334444', email: 'x@example.cn' });
    const [[epid]] = sql(`SELECT id FROM person WHERE id_number = '${extra}'`);
    assert.equal((await d.del(`/api/v1/orgs/${b1.id}/admins/${epid}`)).status, 204);
    assertError(await new Client().login('unit', extra, PW), 403, 'no_role');
    assertError(await d.del(`/api/v1/orgs/${other.id}/admins/${epid}`), 404, 'not_found');
  });

  test('a removed admin is told who removed the rights; the bureau may remove a super admin and appoint one again', async () => {
    const u = orgAdd('unit', root, '移除权限单位');
    const [[uname]] = sql(`SELECT name FROM org WHERE id = ${u.id}`);
    const [[rootName]] = sql(`SELECT name FROM org WHERE id = ${root}`);
    const usup = await signIn('unit', u);
    const ids = [freshId(), freshId()];
    for (const [i, id] of ids.entries()) {
      const r = await usup.post('/api/v1/org/admins', { mode: 'register', id_type: '01', id_number: id, name: `褚副管${i}`, password: PW, password2: PW, phone: '13906335555', email: 'y@example.cn' });
      assert.equal(r.status, 204, r.text);
    }
    const pidOf = (id) => Number(sql(`SELECT id FROM person WHERE id_number = '${id}'`)[0][0]);
    // Removed by the unit's own super admin: the message says so.
    assert.equal((await usup.del(`/api/v1/org/admins/${pidOf(ids[0])}`)).status, 204);
    const own = await new Client().login('unit', ids[0], PW);
    assertError(own, 403, 'no_role');
    assert.match(own.json.error.message, /管理员权限已于 \d{4}-\d{2}-\d{2} 被/);
    assert.ok(own.json.error.message.includes(uname), own.json.error.message);
    assert.match(own.json.error.message, /超级管理员/);
    assert.match(own.json.error.message, /联系/);
    // A department is no bureau: the super admin's rights stay.
    const [[supPid]] = sql(`SELECT id FROM person WHERE id_number = '${u.admin}'`);
    // The city bureau removes the super admin's rights: the unit is left
    // without one, and the removed admin is told by whom.
    const gone = await city.del(`/api/v1/orgs/${u.id}/admins/${supPid}`);
    assert.equal(gone.status, 204, gone.text);
    const det = await city.get(`/api/v1/orgs/${u.id}`);
    assert.deepEqual(det.json.admins.map((a) => [a.person_id, a.is_super]), [[pidOf(ids[1]), false]]);
    const sup = await new Client().login('unit', u.admin, PW);
    assertError(sup, 403, 'no_role');
    assert.ok(sup.json.error.message.includes(rootName), sup.json.error.message);
    assert.ok(sup.json.error.message.includes(uname), sup.json.error.message);
    assert.match(sup.json.error.message, /联系/);
    const [[audited]] = sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'admin.remove' AND subject_id = ${supPid}`);
    assert.equal(audited, '1');
    // The bureau appoints another admin of the unit as its super admin.
    assertError(await usup.get('/api/v1/org'), 401, 'not_signed_in');
    const again = await city.post(`/api/v1/orgs/${u.id}/admins/${pidOf(ids[1])}/super`);
    assert.equal(again.status, 204, again.text);
    const det2 = await city.get(`/api/v1/orgs/${u.id}`);
    assert.deepEqual(det2.json.admins.map((a) => [a.person_id, a.is_super]), [[pidOf(ids[1]), true]]);
    const next = await signIn('unit', { admin: ids[1], password: PW });
    assert.equal((await next.get('/api/v1/org/admins')).status, 200);
    // Outside the bureau's subtree, and for a department, no.
    const dept = orgAdd('dept', root, '移除权限部门');
    const du = orgAdd('unit', dept.id, '移除权限下属');
    const d = await signIn('dept', dept);
    const [[duSup]] = sql(`SELECT id FROM person WHERE id_number = '${du.admin}'`);
    assertError(await d.del(`/api/v1/orgs/${du.id}/admins/${duSup}`), 409, 'last_super');
    assertError(await d.post(`/api/v1/orgs/${du.id}/admins/${duSup}/super`), 403, 'bureau_required');
    assertError(await city.post(`/api/v1/orgs/${u.id}/admins/${duSup}/super`), 404, 'not_found');
  });

  test('the lists filter by admin: a part of an active admin\'s name or their whole ID number', async () => {
    // The manual's 人社部门管理 filters by 法人单位 and 管理员.
    const tag = usccSeq++ % 100000;
    const withAdmin = (parent, name, adminName) => {
      const admin = freshId();
      const r = sdrzctl('org-add', '--kind', 'unit', '--parent', String(parent), '--name', `${name}${tag}`,
        '--admin-id', admin, '--admin-name', adminName, '--admin-password', PW);
      assert.equal(r.status, 0, r.stderr);
      return { id: Number(/created organisation (\d+)/.exec(r.stdout)[1]), admin, password: PW };
    };
    const dept = orgAdd('dept', root, '筛选部门');
    const u1 = withAdmin(dept.id, '筛选单位甲', '欧阳明');
    const u2 = withAdmin(dept.id, '筛选单位乙', '司马静');
    const d = await signIn('dept', dept);
    const ids = async (query) => {
      const res = await d.get(`/api/v1/orgs?size=100&${query}`);
      assert.equal(res.status, 200, res.text);
      return res.json.items.map((o) => o.id).sort((a, b) => a - b);
    };
    assert.deepEqual(await ids(''), [u1.id, u2.id].sort((a, b) => a - b));
    assert.deepEqual(await ids(`admin=${encodeURIComponent('欧阳')}`), [u1.id], 'a part of the name');
    assert.deepEqual(await ids(`admin=${encodeURIComponent('司马静')}`), [u2.id], 'the whole name');
    assert.deepEqual(await ids(`admin=${u2.admin}`), [u2.id], 'the ID number');
    assert.deepEqual(await ids(`admin=${u2.admin.slice(0, 10)}`), [], 'not a part of an ID number');
    assert.deepEqual(await ids(`admin=${encodeURIComponent('欧阳')}&name=${encodeURIComponent('筛选单位乙')}`), [], 'with the other filters');
    // The total counts what the filter keeps.
    const one = await d.get(`/api/v1/orgs?admin=${encodeURIComponent('欧阳明')}`);
    assert.equal(one.json.total, 1, one.text);
    // An admin whose rights were removed no longer finds the organisation.
    const sup = await signIn('unit', u1);
    const extra = freshId();
    const add = await sup.post('/api/v1/org/admins', { mode: 'register', id_type: '01', id_number: extra, name: '上官华',
      password: PW, password2: PW, phone: '13906334445', email: 'y@example.cn' });
    assert.equal(add.status, 204, add.text);
    assert.deepEqual(await ids(`admin=${encodeURIComponent('上官华')}`), [u1.id]);
    const [[epid]] = sql(`SELECT id FROM person WHERE id_number = '${extra}'`);
    assert.equal((await d.del(`/api/v1/orgs/${u1.id}/admins/${epid}`)).status, 204);
    assert.deepEqual(await ids(`admin=${encodeURIComponent('上官华')}`), [], 'removed admins do not count');
  });
});
