// Registrations against abuse: both registrations take a
// captcha, and a pending registration does not lock its ID number: another
// registration of the number waits beside it, the unit's queue says that
// the number has several, and approving one rejects the others.
import assert from 'node:assert/strict';
import { test, describe, before } from 'node:test';
import { assertError, sql } from '../lib.mjs';
import { Client, captcha, freshId, makeUnit, registration } from '../accounts-lib.mjs';
import { branchRegistration, reviewOf } from '../orgs-lib.mjs';

const SUPERSEDED = /同一证件号的另一注册申请已获批准/;

let unit;
let admin;

before(async () => {
  unit = makeUnit('防抢注单位');
  admin = new Client();
  const res = await admin.login('unit', unit.admin, unit.password);
  assert.equal(res.status, 200, res.text);
});

function persons(idNumber) {
  return Number(sql(`SELECT COUNT(*) FROM person WHERE id_number = '${idNumber}'`)[0][0]);
}

function reviewsOf(idNumber) {
  return sql(`SELECT r.id, r.status, r.reason, pe.status FROM review r
    JOIN person p ON p.id = r.subject_id JOIN personnel pe ON pe.person_id = p.id
    WHERE r.kind = 'personnel_reg' AND p.id_number = '${idNumber}' ORDER BY r.id`)
    .map(([id, status, reason, personnel]) => ({ id: Number(id), status, reason, personnel }));
}

describe('the captcha of the registrations', () => {
  for (const [what, path, body] of [
    ['personnel', '/api/v1/register/personnel', () => registration(unit.id)],
    ['organisation', '/api/v1/register/org', () => branchRegistration(unit.id)],
  ]) {
    test(`a ${what} registration without a captcha, or with a wrong or used one, is refused and stores nothing`, async () => {
      const b = body();
      const idNumber = b.id_number ?? b.admin_id_number;
      const none = await new Client().post(path, b);
      assertError(none, 400, 'invalid');
      assert.match(none.json.error.fields.captcha, /验证码/);

      const c = await captcha();
      const wrong = await new Client().post(path, { ...b, captcha_id: c.id, captcha: c.answer === 'ABCD' ? 'WXYZ' : 'ABCD' });
      assertError(wrong, 400, 'captcha_wrong');
      // The wrong answer used the captcha up: the right one is too late.
      const late = await new Client().post(path, { ...b, captcha_id: c.id, captcha: c.answer });
      assertError(late, 400, 'captcha_wrong');
      const bogus = await new Client().post(path, { ...b, captcha_id: 'x'.repeat(32), captcha: 'ABCD' });
      assertError(bogus, 400, 'captcha_wrong');
      assert.equal(persons(idNumber), 0, 'nothing stored');

      const ok = await new Client().postSolved(path, b);
      assert.equal(ok.status, 201, ok.text);
      assert.equal(persons(idNumber), 1);
    });
  }
});

describe('a pending registration does not lock its ID number', () => {
  test('two people register one number: both wait, the queue says so, approving one rejects the other', async () => {
    const idNumber = freshId();
    // Someone else registers the number first, with their own password.
    const squat = registration(unit.id, { id_number: idNumber, name: '冒名者', password: 'Squat2026x', password2: 'Squat2026x' });
    assert.equal((await new Client().postSolved('/api/v1/register/personnel', squat)).status, 201);
    // The real owner is not locked out.
    const owner = registration(unit.id, { id_number: idNumber, name: '真本人', password: 'Owner2026x', password2: 'Owner2026x' });
    const res = await new Client().postSolved('/api/v1/register/personnel', owner);
    assert.equal(res.status, 201, res.text);
    assert.equal(persons(idNumber), 2);
    assert.deepEqual(reviewsOf(idNumber).map((r) => r.status), ['pending', 'pending']);

    // Each signs in with their own password and is told to wait.
    for (const who of [squat, owner]) {
      const login = await new Client().login('personnel', idNumber, who.password);
      assertError(login, 403, 'not_approved');
    }

    // The unit's queue: both, each saying the number has two registrations.
    const q = await admin.get(`/api/v1/reviews/personnel-registrations?id_number=${idNumber}`);
    assert.equal(q.status, 200, q.text);
    assert.equal(q.json.total, 2);
    assert.deepEqual(q.json.items.map((i) => i.same_id_pending), [2, 2]);
    assert.deepEqual(q.json.items.map((i) => i.name).sort(), ['冒名者', '真本人'].sort());
    const [squatReview, ownerReview] = reviewsOf(idNumber);
    const detail = await admin.get(`/api/v1/reviews/personnel-registrations/${ownerReview.id}`);
    assert.equal(detail.json.same_id_pending, 2, detail.text);

    // Approving the owner rejects the other, with the reason, at once.
    const d = await admin.post('/api/v1/reviews/personnel-registrations/decide',
      { ids: [ownerReview.id], decision: 'approve' });
    assert.equal(d.status, 200, d.text);
    assert.equal(d.json.done, 1, d.text);
    const after = reviewsOf(idNumber);
    assert.equal(after[1].status, 'approved');
    assert.equal(after[0].status, 'rejected');
    assert.match(after[0].reason, SUPERSEDED);
    assert.equal(after[0].personnel, 'rejected');
    const [[approver, approverReason]] = sql(`SELECT status, reason FROM review_approver WHERE review_id = ${squatReview.id}`);
    assert.equal(approver, 'rejected');
    assert.match(approverReason, SUPERSEDED);
    const decided = await admin.get(`/api/v1/reviews/personnel-registrations?status=decided&id_number=${idNumber}`);
    assert.ok(decided.json.items.some((i) => i.id === squatReview.id && SUPERSEDED.test(i.reason)), decided.text);
    assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'personnel.register_superseded'
      AND subject_type = 'person' AND subject_id = (SELECT subject_id FROM review WHERE id = ${squatReview.id})`)[0][0], '1');

    // The owner signs in; the other is told why the registration failed.
    assert.equal((await new Client().login('personnel', idNumber, owner.password)).status, 200);
    const refused = await new Client().login('personnel', idNumber, squat.password);
    assertError(refused, 403, 'registration_rejected');
    assert.match(refused.json.error.message, SUPERSEDED);
    // The rejected one cannot be approved after all.
    const late = await admin.post('/api/v1/reviews/personnel-registrations/decide',
      { ids: [squatReview.id], decision: 'approve' });
    assert.equal(late.json.done, 0, late.text);

    // An approved owner still holds the number against new registrations,
    // and the loser cannot take it back by registering again.
    const third = await new Client().postSolved('/api/v1/register/personnel',
      registration(unit.id, { id_number: idNumber, name: '第三人', password: 'Third2026x', password2: 'Third2026x' }));
    assertError(third, 409, 'already_registered');
    assert.match(third.json.error.fields.id_number, /请直接登录/);
    const again = await new Client().postSolved('/api/v1/register/personnel',
      { ...squat, existing_user: true, password2: undefined });
    assertError(again, 400, 'invalid');
    assert.ok(again.json.error.fields.password, again.text);
    assert.equal(persons(idNumber), 2, 'no new person');
  });

  test('the same person registering twice is still told to wait', async () => {
    const body = registration(unit.id);
    assert.equal((await new Client().postSolved('/api/v1/register/personnel', body)).status, 201);
    const twice = await new Client().postSolved('/api/v1/register/personnel', body);
    assertError(twice, 409, 'already_registered');
    assert.match(twice.json.error.fields.id_number, /等待/);
    assert.equal(persons(body.id_number), 1);
  });

  test('a claim whose password opens another claim of the number is that person again', async () => {
    const idNumber = freshId();
    const first = registration(unit.id, { id_number: idNumber, name: '甲某', password: 'First2026x', password2: 'First2026x' });
    const second = registration(unit.id, { id_number: idNumber, name: '乙某', password: 'Second2026x', password2: 'Second2026x' });
    assert.equal((await new Client().postSolved('/api/v1/register/personnel', first)).status, 201);
    assert.equal((await new Client().postSolved('/api/v1/register/personnel', second)).status, 201);
    // Rejected by the unit, the first registers again as the user it is.
    const [r1] = reviewsOf(idNumber);
    const d = await admin.post('/api/v1/reviews/personnel-registrations/decide',
      { ids: [r1.id], decision: 'reject', reason: '工作部门填写有误' });
    assert.equal(d.json.done, 1, d.text);
    const redo = await new Client().postSolved('/api/v1/register/personnel',
      { ...first, existing_user: true, password2: undefined, dept: '技术部' });
    assert.equal(redo.status, 201, redo.text);
    assert.equal(persons(idNumber), 2, 'the same claim again, no third person');
    assertError(await new Client().login('personnel', idNumber, first.password), 403, 'not_approved');
    assertError(await new Client().login('personnel', idNumber, 'Nobody2026x'), 401, 'bad_credentials');
  });

  test('an approval fails, and changes nothing, when the number got an owner meanwhile', async () => {
    const idNumber = freshId();
    const claim = registration(unit.id, { id_number: idNumber });
    assert.equal((await new Client().postSolved('/api/v1/register/personnel', claim)).status, 201);
    const [r] = reviewsOf(idNumber);
    // A new admin of the unit cannot be made over the waiting claim (the
    // number counts as taken there), so the owner appears the way the
    // service desk's tools could make one.
    const made = await admin.post('/api/v1/org/admins', {
      mode: 'register', id_type: '01', id_number: idNumber, name: '新管理', password: 'Admin2026y',
      password2: 'Admin2026y', phone: '13906332222', email: 'new@example.cn',
    });
    assertError(made, 409, 'conflict');
    sql(`INSERT INTO person (id_type, id_number, name, password_hash) VALUES ('01', '${idNumber}', '另一人', 'x')`);
    const d = await admin.post('/api/v1/reviews/personnel-registrations/decide', { ids: [r.id], decision: 'approve' });
    assert.equal(d.json.done, 0, d.text);
    assert.equal(reviewsOf(idNumber)[0].status, 'pending');
    assert.equal(reviewsOf(idNumber)[0].personnel, 'pending', 'nothing changed');
  });
});

// A fresh valid USCC (GB 32100) for this file.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
let usccSeq = (Date.now() % 10_000_000) * 10 + 7;
function freshUscc() {
  usccSeq += 1;
  const body = `91371102${String(usccSeq % 1_000_000_000).padStart(9, '0')}`;
  const sum = [...body].reduce((t, c, i) => t + USCC_CHARS.indexOf(c) * USCC_W[i], 0);
  return body + USCC_CHARS[(31 - (sum % 31)) % 31];
}

describe('a pending organisation registration does not lock its USCC', () => {
  test('two branches claim one USCC: both wait, the queue says so, approving one rejects the other', async () => {
    const code = freshUscc();
    const squat = await new Client().postSolved('/api/v1/register/org',
      branchRegistration(unit.id, { name: `抢注分支${usccSeq}`, has_uscc: true, uscc: code }));
    assert.equal(squat.status, 201, squat.text);
    const real = await new Client().postSolved('/api/v1/register/org',
      branchRegistration(unit.id, { name: `真实分支${usccSeq}`, has_uscc: true, uscc: code }));
    assert.equal(real.status, 201, real.text);

    const q = await admin.get('/api/v1/reviews/org-registrations?type=branch');
    assert.equal(q.status, 200, q.text);
    const mine = q.json.items.filter((i) => i.uscc === code);
    assert.equal(mine.length, 2, q.text);
    assert.deepEqual(mine.map((i) => i.same_uscc_pending), [2, 2]);

    const d = await admin.post('/api/v1/reviews/org-registrations/decide',
      { ids: [reviewOf('org_reg', 'org', real.json.id)], decision: 'approve' });
    assert.equal(d.json.done, 1, d.text);
    const [[status, reason, rejected]] = sql(`SELECT status, reject_reason, rejected_uscc FROM org WHERE id = ${squat.json.id}`);
    assert.equal(status, 'rejected');
    assert.match(reason, /同一统一社会信用代码的另一注册申请已获批准/);
    assert.equal(rejected, code);
    const [[rstatus, rreason]] = sql(`SELECT status, reason FROM review WHERE id = ${reviewOf('org_reg', 'org', squat.json.id)}`);
    assert.equal(rstatus, 'rejected');
    assert.match(rreason, /同一统一社会信用代码的另一注册申请已获批准/);
    assert.equal(sql(`SELECT status FROM org WHERE id = ${real.json.id}`)[0][0], 'approved');

    // Approved, the code is taken for good.
    const third = await new Client().postSolved('/api/v1/register/org',
      branchRegistration(unit.id, { has_uscc: true, uscc: code }));
    assertError(third, 409, 'conflict');
    assert.ok(third.json.error.fields.uscc, third.text);
  });
});
