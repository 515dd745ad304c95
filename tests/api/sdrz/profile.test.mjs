// The personnel profile: edits saved at once, locked fields, title changes
// reviewed with attachments, one pending change, transfers and their
// refusals, withdrawal, atomic acceptance, and administrative corrections.
import assert from 'node:assert/strict';
import { test, describe, before } from 'node:test';
import { URLS, assertError, sdrzctl, sql } from '../lib.mjs';
import { Client, freshId, registration, rootId, title } from '../accounts-lib.mjs';

const PW = 'Prof2026pass';
// A whole PDF (header, xref, trailer) and a whole 1 x 1 PNG: uploads are
// checked to the end of the file.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 >>\nstartxref\n29\n%%EOF\n');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

function orgAdd(kind, parent, name) {
  const admin = freshId();
  const r = sdrzctl('org-add', '--kind', kind, '--parent', String(parent), '--name',
    `${name}${Date.now() % 1000000}`, '--admin-id', admin, '--admin-name', '林管理', '--admin-password', PW);
  assert.equal(r.status, 0, r.stderr);
  return { id: Number(/created organisation (\d+)/.exec(r.stdout)[1]), admin, password: PW };
}

async function adminOf(org, type = 'unit') {
  const c = new Client();
  const res = await c.login(type, org.admin, org.password);
  assert.equal(res.status, 200, res.text);
  return c;
}

// An approved person of the unit, signed in.
async function member(unit, admin) {
  const body = registration(unit.id);
  assert.equal((await new Client().postSolved('/api/v1/register/personnel', body)).status, 201);
  const [[rid]] = sql(`SELECT r.id FROM review r JOIN person p ON p.id = r.subject_id
    WHERE r.kind = 'personnel_reg' AND p.id_number = '${body.id_number}'`);
  const d = await admin.post('/api/v1/reviews/personnel-registrations/decide', { ids: [Number(rid)], decision: 'approve' });
  assert.equal(d.json.done, 1);
  const c = new Client();
  assert.equal((await c.login('personnel', body.id_number, body.password)).status, 200);
  const [[pid]] = sql(`SELECT id FROM person WHERE id_number = '${body.id_number}'`);
  return { client: c, body, pid: Number(pid) };
}

async function upload(c, bytes, name, portal = 'sdrz') {
  const fd = new FormData();
  fd.append('file', new Blob([bytes]), name);
  const res = await fetch(`${URLS[portal]}/api/v1/attachments`, {
    method: 'POST', body: fd, headers: { Cookie: c.cookie, 'X-CSRF-Token': c.csrf },
  });
  return { status: res.status, json: await res.json() };
}

async function fetchAttachment(c, id) {
  const res = await fetch(`${URLS.sdrz}/api/v1/attachments/${id}`, { headers: c.cookie ? { Cookie: c.cookie } : {} });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

// A title one level up in the same series, from the dictionary.
function otherTitle() {
  const t = title();
  const rows = sql(`SELECT attr, code FROM dict_item WHERE dict = 'title_qualification'
    AND parent_code = '${t.title_series}' AND code <> '${t.title_qualification}' AND attr IS NOT NULL LIMIT 1`);
  return { title_series: t.title_series, title_level: rows[0][0], title_qualification: rows[0][1] };
}

let dept;
let unit;
let unitAdmin;
let deptAdmin;

before(async () => {
  dept = orgAdd('dept', rootId(), '资料测试部门');
  unit = orgAdd('unit', dept.id, '资料测试单位');
  unitAdmin = await adminOf(unit);
  deptAdmin = await adminOf(dept, 'dept');
});

describe('own edits', () => {
  test('contact and free fields save at once; locked and reviewed fields are refused', async () => {
    const m = await member(unit, unitAdmin);
    const base = {
      phone: '13906335555', email: 'new@example.cn', landline: '0633-1234567', ethnic: '02',
      education: m.body.education, school: '青岛大学', major_code: m.body.major_code,
      graduated_on: '2012-07-01', degree: m.body.degree, postdoc: true, admin_post: '科长',
      prof_qualification: m.body.prof_qualification, prof_qualification_level: m.body.prof_qualification_level,
    };
    const ok = await m.client.request('PUT', '/api/v1/me/profile', base);
    assert.equal(ok.status, 204, ok.text);
    assert.deepEqual(sql(`SELECT p.phone, pe.school, pe.postdoc FROM person p JOIN personnel pe ON pe.person_id = p.id WHERE p.id = ${m.pid}`)[0], ['13906335555', '青岛大学', '1']);
    const me = (await m.client.get('/api/v1/me')).json.personnel;
    assert.deepEqual([me.school, me.ethnic, me.admin_post, me.postdoc, me.graduated_on], ['青岛大学', '02', '科长', true, '2012-07-01'],
      'the page reads back what it saved');
    for (const [field, value] of [['name', '改名'], ['id_number', freshId()], ['org_id', 1]]) {
      const res = await m.client.request('PUT', '/api/v1/me/profile', { ...base, [field]: value });
      assertError(res, 400, 'invalid');
      assert.match(res.json.error.fields[field], /不能自行修改/);
    }
    const reviewed = await m.client.request('PUT', '/api/v1/me/profile', { ...base, dept: '新部门' });
    assertError(reviewed, 400, 'invalid');
    assert.match(reviewed.json.error.fields.dept, /审核/);
    assert.equal(sql(`SELECT name FROM person WHERE id = ${m.pid}`)[0][0], m.body.name, 'nothing locked moved');
    assertError(await unitAdmin.request('PUT', '/api/v1/me/profile', base), 403, 'personnel_required');
  });
});

describe('title changes', () => {
  test('a change waits for the unit with its attachments, then applies', async () => {
    const m = await member(unit, unitAdmin);
    const up = await upload(m.client, PDF, '职称证书.pdf');
    assert.equal(up.status, 201);
    assert.equal(up.json.mime, 'application/pdf');
    const t = otherTitle();
    const ch = await m.client.post('/api/v1/me/profile-change', { dept: '急诊科', ...t, title_effective_on: '2025-10-10', appointed_on: '2025-12-12', attachments: [up.json.id] });
    assert.equal(ch.status, 202, ch.text);
    const [[dept0, q0]] = sql(`SELECT dept, title_qualification FROM personnel WHERE person_id = ${m.pid}`);
    assert.equal(dept0, m.body.dept, 'the approved values stay until the decision');
    assert.equal(q0, m.body.title_qualification);
    const mine = await m.client.get('/api/v1/me/requests');
    assert.equal(mine.json.change.status, 'pending');
    assert.equal(mine.json.change.after.dept, '急诊科');
    assert.equal(mine.json.change.attachments.length, 1);
    const again = await m.client.post('/api/v1/me/profile-change', { dept: '别的科', ...t, title_effective_on: '2025-10-10' });
    assertError(again, 409, 'conflict');
    const q = await unitAdmin.get(`/api/v1/reviews/profile-changes?name=${encodeURIComponent(m.body.name)}`);
    const item = q.json.items.find((i) => i.after.dept === '急诊科');
    assert.ok(item, q.text);
    assert.equal(item.before.dept, m.body.dept);
    assert.equal(item.after.title_qualification, t.title_qualification);
    assert.ok(item.after.title_qualification_name);
    assert.equal(item.attachments[0].id, up.json.id);
    const file = await fetchAttachment(unitAdmin, up.json.id);
    assert.equal(file.status, 200);
    assert.equal(file.type, 'application/pdf');
    assert.deepEqual(file.body, PDF);
    const d = await unitAdmin.post('/api/v1/reviews/profile-changes/decide', { ids: [item.id], decision: 'approve' });
    assert.equal(d.json.done, 1, d.text);
    const [[dept1, q1, eff, app]] = sql(`SELECT dept, title_qualification, title_effective_on, appointed_on FROM personnel WHERE person_id = ${m.pid}`);
    assert.deepEqual([dept1, q1, eff, app], ['急诊科', t.title_qualification, '2025-10-10', '2025-12-12']);
  });

  test('a rejected change comes back with its reason and can be submitted again', async () => {
    const m = await member(unit, unitAdmin);
    const t = otherTitle();
    await m.client.post('/api/v1/me/profile-change', { dept: '检验科', ...t, title_effective_on: '2024-01-01' });
    const [[rid]] = sql(`SELECT id FROM review WHERE kind = 'profile_change' AND subject_id = ${m.pid} AND status = 'pending'`);
    const d = await unitAdmin.post('/api/v1/reviews/profile-changes/decide', { ids: [Number(rid)], decision: 'reject', reason: '缺少聘任文件' });
    assert.equal(d.json.done, 1);
    const mine = await m.client.get('/api/v1/me/requests');
    assert.equal(mine.json.change.status, 'rejected');
    assert.equal(mine.json.change.reason, '缺少聘任文件');
    assert.equal(sql(`SELECT dept FROM personnel WHERE person_id = ${m.pid}`)[0][0], m.body.dept);
    const again = await m.client.post('/api/v1/me/profile-change', { dept: '检验科', ...t, title_effective_on: '2024-01-01' });
    assert.equal(again.status, 202, again.text);
  });

  test('a department above the unit reviews over its subtree; a sibling cannot', async () => {
    const m = await member(unit, unitAdmin);
    await m.client.post('/api/v1/me/profile-change', { dept: '药剂科', ...otherTitle(), title_effective_on: '2024-02-02' });
    const [[rid]] = sql(`SELECT id FROM review WHERE kind = 'profile_change' AND subject_id = ${m.pid} AND status = 'pending'`);
    const sibling = await adminOf(orgAdd('unit', dept.id, '兄弟单位'));
    const sq = await sibling.get('/api/v1/reviews/profile-changes');
    assert.ok(!sq.json.items.some((i) => i.id === Number(rid)));
    const sd = await sibling.post('/api/v1/reviews/profile-changes/decide', { ids: [Number(rid)], decision: 'approve' });
    assert.equal(sd.json.results[0].code, 'not_found');
    const dq = await deptAdmin.get('/api/v1/reviews/profile-changes');
    assert.ok(dq.json.items.some((i) => i.id === Number(rid)), 'the department sees it');
    const dd = await deptAdmin.post('/api/v1/reviews/profile-changes/decide', { ids: [Number(rid)], decision: 'approve' });
    assert.equal(dd.json.done, 1, dd.text);
    assert.equal(sql(`SELECT dept FROM personnel WHERE person_id = ${m.pid}`)[0][0], '药剂科');
  });

  test('bad changes: nothing differs, a title of another series, a foreign attachment', async () => {
    const m = await member(unit, unitAdmin);
    const same = await m.client.post('/api/v1/me/profile-change', { dept: m.body.dept, title_series: m.body.title_series, title_level: m.body.title_level, title_qualification: m.body.title_qualification, title_effective_on: '2020-01-01' });
    assert.equal(same.status, 202, 'the effective date differs, so this is a change');
    const [[rid]] = sql(`SELECT id FROM review WHERE kind = 'profile_change' AND subject_id = ${m.pid} AND status = 'pending'`);
    await unitAdmin.post('/api/v1/reviews/profile-changes/decide', { ids: [Number(rid)], decision: 'approve' });
    const nothing = await m.client.post('/api/v1/me/profile-change', { dept: m.body.dept, title_series: m.body.title_series, title_level: m.body.title_level, title_qualification: m.body.title_qualification, title_effective_on: '2020-01-01' });
    assertError(nothing, 400, 'invalid');
    const [[otherSeries]] = sql(`SELECT code FROM dict_item WHERE dict = 'title_series' AND code <> '${m.body.title_series}' LIMIT 1`);
    const wrong = await m.client.post('/api/v1/me/profile-change', { dept: 'x', title_series: otherSeries, title_level: m.body.title_level, title_qualification: m.body.title_qualification, title_effective_on: '2020-01-01' });
    assertError(wrong, 400, 'invalid');
    const other = await member(unit, unitAdmin);
    const theirs = await upload(other.client, PNG, 'a.png');
    assert.equal(theirs.status, 201);
    const stolen = await m.client.post('/api/v1/me/profile-change', { dept: '偷附件', ...otherTitle(), title_effective_on: '2021-01-01', attachments: [theirs.json.id] });
    assertError(stolen, 400, 'invalid');
    assert.equal(sql(`SELECT COUNT(*) FROM review WHERE kind = 'profile_change' AND subject_id = ${m.pid} AND status = 'pending'`)[0][0], '0',
      'the refused change left no review behind');
  });
});

describe('attachments', () => {
  test('only PDF and images by content, at most 5 MB, and only for owner and reviewers', async () => {
    const m = await member(unit, unitAdmin);
    const fake = await upload(m.client, Buffer.from('MZ this is an exe'), 'evil.pdf');
    assertError({ ...fake, headers: new Headers({ 'content-type': 'application/json' }), text: JSON.stringify(fake.json) }, 400, 'bad_file');
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
    assert.equal((await upload(m.client, big, 'big.pdf')).status, 400);
    const ok = await upload(m.client, PNG, '证书照片.png');
    assert.equal(ok.status, 201);
    assert.equal(ok.json.mime, 'image/png');
    assert.equal((await fetchAttachment(m.client, ok.json.id)).status, 200, 'the owner reads it');
    const stranger = await member(unit, unitAdmin);
    assert.equal((await fetchAttachment(stranger.client, ok.json.id)).status, 404);
    assert.equal((await fetchAttachment(new Client(), ok.json.id)).status, 401);
    // Not bound to a review yet: no admin reads it.
    assert.equal((await fetchAttachment(unitAdmin, ok.json.id)).status, 404);
    const otherUnit = await adminOf(orgAdd('unit', rootId(), '无关单位'));
    await m.client.post('/api/v1/me/profile-change', { dept: '影像科', ...otherTitle(), title_effective_on: '2023-03-03', attachments: [ok.json.id] });
    assert.equal((await fetchAttachment(unitAdmin, ok.json.id)).status, 200);
    assert.equal((await fetchAttachment(otherUnit, ok.json.id)).status, 404);
    assert.equal((await fetchAttachment(deptAdmin, ok.json.id)).status, 200, 'the department above reviews too');
    const [[file]] = sql(`SELECT file FROM attachment WHERE id = ${ok.json.id}`);
    const direct = await fetch(`${URLS.sdrz}/media/att/${file}`);
    assert.notEqual(direct.headers.get('content-type'), 'image/png', 'the media location is internal only');
  });
});

describe('transfers', () => {
  test('refused while a change is pending; withdrawn; then accepted atomically', async () => {
    const target = orgAdd('unit', rootId(), '调入单位');
    const targetAdmin = await adminOf(target);
    const m = await member(unit, unitAdmin);
    await m.client.post('/api/v1/me/profile-change', { dept: '病理科', ...otherTitle(), title_effective_on: '2023-04-04' });
    const refused = await m.client.post('/api/v1/me/transfer', { to_org_id: target.id });
    assertError(refused, 409, 'conflict');
    assert.match(refused.json.error.fields.to_org_id, /信息修改正在等待审核/);
    const [[rid]] = sql(`SELECT id FROM review WHERE kind = 'profile_change' AND subject_id = ${m.pid} AND status = 'pending'`);
    await unitAdmin.post('/api/v1/reviews/profile-changes/decide', { ids: [Number(rid)], decision: 'approve' });
    assertError(await m.client.post('/api/v1/me/transfer', { to_org_id: unit.id }), 400, 'invalid');
    assert.equal((await m.client.post('/api/v1/me/transfer', { to_org_id: target.id })).status, 202);
    assertError(await m.client.post('/api/v1/me/transfer', { to_org_id: target.id }), 409, 'conflict');
    assertError(await m.client.post('/api/v1/me/profile-change', { dept: '又改', ...otherTitle(), title_effective_on: '2023-05-05' }), 409, 'conflict');
    assert.equal((await m.client.del('/api/v1/me/transfer')).status, 204);
    assertError(await m.client.del('/api/v1/me/transfer'), 404, 'not_found');
    const tq0 = await targetAdmin.get('/api/v1/reviews/transfers');
    assert.ok(!tq0.json.items.some((i) => i.person_id === m.pid), 'withdrawn: no longer waiting');
    assert.equal((await m.client.post('/api/v1/me/transfer', { to_org_id: target.id })).status, 202);
    const tq = await targetAdmin.get('/api/v1/reviews/transfers');
    const item = tq.json.items.find((i) => i.person_id === m.pid);
    assert.ok(item, tq.text);
    const outsider = await adminOf(orgAdd('unit', rootId(), '旁观单位'));
    const od = await outsider.post('/api/v1/reviews/transfers/decide', { ids: [item.id], decision: 'approve' });
    assert.equal(od.json.results[0].ok, false);
    assert.equal((await unitAdmin.get(`/api/v1/personnel?id_number=${m.body.id_number}`)).json.total, 1);
    const d = await targetAdmin.post('/api/v1/reviews/transfers/decide', { ids: [item.id], decision: 'approve' });
    assert.equal(d.json.done, 1, d.text);
    assert.equal(sql(`SELECT org_id FROM personnel WHERE person_id = ${m.pid}`)[0][0], String(target.id));
    assert.equal((await unitAdmin.get(`/api/v1/personnel?id_number=${m.body.id_number}`)).json.total, 0, 'the old unit loses sight');
    assert.equal((await targetAdmin.get(`/api/v1/personnel?id_number=${m.body.id_number}`)).json.total, 1);
    const outHist = await unitAdmin.get('/api/v1/transfers?direction=out');
    assert.ok(outHist.json.items.some((i) => i.name === m.body.name && i.status === 'approved' && i.direction === 'out'));
    const inHist = await targetAdmin.get('/api/v1/transfers?direction=in');
    assert.ok(inHist.json.items.some((i) => i.name === m.body.name && i.status === 'approved'));
    const [[changes]] = sql(`SELECT COUNT(*) FROM review WHERE subject_type = 'person' AND subject_id = ${m.pid}`);
    assert.ok(Number(changes) >= 3, 'the person keeps their history of reviews');
    const me = await m.client.get('/api/v1/me');
    assert.equal(me.json.personnel.org_id, target.id);
    const session = await m.client.get('/api/v1/auth/session');
    assert.equal(session.json.role.org_id, target.id, 'the open session follows the person to the new unit');
  });

  test('a rejected transfer leaves the person where they were', async () => {
    const target = orgAdd('unit', rootId(), '拒收单位');
    const m = await member(unit, unitAdmin);
    await m.client.post('/api/v1/me/transfer', { to_org_id: target.id });
    const t = await adminOf(target);
    const [[rid]] = sql(`SELECT review_id FROM personnel_transfer WHERE person_id = ${m.pid} AND status = 'pending'`);
    const d = await t.post('/api/v1/reviews/transfers/decide', { ids: [Number(rid)], decision: 'reject', reason: '编制已满' });
    assert.equal(d.json.done, 1);
    assert.equal(sql(`SELECT org_id FROM personnel WHERE person_id = ${m.pid}`)[0][0], String(unit.id));
    const mine = await m.client.get('/api/v1/me/requests');
    assert.equal(mine.json.transfer.status, 'rejected');
    assert.equal(mine.json.transfer.reason, '编制已满');
  });
});

describe('administrative corrections', () => {
  test('an admin of the unit or above corrects name and ID, audited; a taken ID is refused', async () => {
    const m = await member(unit, unitAdmin);
    const newId = freshId(true);
    const res = await deptAdmin.request('PUT', `/api/v1/personnel/${m.pid}/identity`, { name: '张三丰', id_number: newId, note: '身份证号录入错误' });
    assert.equal(res.status, 204, res.text);
    const [[name, idn, gender]] = sql(`SELECT name, id_number, gender FROM person WHERE id = ${m.pid}`);
    assert.deepEqual([name, idn, gender], ['张三丰', newId, '2']);
    const [[detail]] = sql(`SELECT detail FROM audit_log WHERE action = 'person.correct' AND subject_id = ${m.pid}`);
    assert.match(detail, new RegExp(m.body.id_number));
    assert.match(detail, new RegExp(newId));
    assert.equal((await new Client().login('personnel', newId, m.body.password)).status, 200, 'signs in with the new ID');
    const other = await member(unit, unitAdmin);
    const taken = await unitAdmin.request('PUT', `/api/v1/personnel/${other.pid}/identity`, { id_number: newId, note: '测试' });
    assertError(taken, 409, 'conflict');
    const bad = await unitAdmin.request('PUT', `/api/v1/personnel/${other.pid}/identity`, { id_number: '123', note: '测试' });
    assertError(bad, 400, 'invalid');
    const stranger = await adminOf(orgAdd('unit', rootId(), '外部单位'));
    assertError(await stranger.request('PUT', `/api/v1/personnel/${other.pid}/identity`, { name: '改', note: '越权' }), 404, 'not_found');
    assert.equal(sql(`SELECT name FROM person WHERE id = ${other.pid}`)[0][0], other.body.name);
  });

  test('only approved personnel are corrected, and a name fix keeps gender and birth date', async () => {
    const pending = registration(unit.id);
    assert.equal((await new Client().postSolved('/api/v1/register/personnel', pending)).status, 201);
    const [[ppid]] = sql(`SELECT id FROM person WHERE id_number = '${pending.id_number}'`);
    assertError(await unitAdmin.request('PUT', `/api/v1/personnel/${ppid}/identity`, { name: '改名', note: '未审核' }), 404, 'not_found');
    assert.equal(sql(`SELECT name FROM person WHERE id = ${ppid}`)[0][0], pending.name);
    const m = await member(unit, unitAdmin);
    sql(`UPDATE person SET id_type = '08', id_number = 'E${m.pid}X77', gender = 2, birth_date = '1985-03-04' WHERE id = ${m.pid}`);
    assert.equal((await unitAdmin.request('PUT', `/api/v1/personnel/${m.pid}/identity`, { name: '李四', note: '姓名有误' })).status, 204);
    assert.deepEqual(sql(`SELECT name, gender, birth_date FROM person WHERE id = ${m.pid}`)[0], ['李四', '2', '1985-03-04']);
  });
});
