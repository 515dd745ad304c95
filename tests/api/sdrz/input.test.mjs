// Input at the edge: control
// characters (a \u0000 used to cut a JSON string short), integers that
// must be integers, lengths counted in characters and equal to the
// column, and the form descriptions that give the pages the same limits.
import assert from 'node:assert/strict';
import { test, describe, before } from 'node:test';
import { assertError, sql } from '../lib.mjs';
import { Client, freshId, makeUnit, registration } from '../accounts-lib.mjs';
import { personId, signIn, signInCity, uploadPdf } from '../orgs-lib.mjs';

let unit, admin;

before(async () => {
  unit = makeUnit('输入检查单位');
  admin = await signIn('unit', unit.admin, unit.password, { orgId: unit.id });
});

const register = (body) => new Client().postSolved('/api/v1/register/personnel', body);
const persons = (idn) => Number(sql(`SELECT COUNT(*) FROM person WHERE id_number LIKE '${idn.slice(0, 18)}%'`)[0][0]);

// An approved member of the unit, signed in.
async function member(overrides = {}) {
  const body = registration(unit.id, overrides);
  const res = await register(body);
  assert.equal(res.status, 201, res.text);
  const pid = personId(body.id_number);
  const [[rid]] = sql(`SELECT id FROM review WHERE kind = 'personnel_reg' AND subject_id = ${pid}`);
  const d = await admin.post('/api/v1/reviews/personnel-registrations/decide', { ids: [Number(rid)], decision: 'approve' });
  assert.equal(d.json.done, 1, d.text);
  const c = new Client();
  assert.equal((await c.login('personnel', body.id_number, body.password)).status, 200);
  return { c, body, pid };
}

// A pending registration and its review.
async function pending() {
  const body = registration(unit.id);
  assert.equal((await register(body)).status, 201);
  const pid = personId(body.id_number);
  const [[rid]] = sql(`SELECT id FROM review WHERE kind = 'personnel_reg' AND subject_id = ${pid}`);
  return { body, pid, rid: Number(rid) };
}

describe('control characters', () => {
  test('a \\u0000 in the ID number is refused, not cut off', async () => {
    const idn = freshId();
    const res = await register(registration(unit.id, { id_number: `${idn}\u0000junk` }));
    assertError(res, 400, 'invalid');
    assert.match(res.json.error.fields.id_number, /控制字符/);
    assert.equal(persons(idn), 0, 'nothing registered');
  });

  test('a name with \\u0000<script> is refused, not stored as its first part', async () => {
    const body = registration(unit.id, { name: '张三\u0000<script>' });
    const res = await register(body);
    assertError(res, 400, 'invalid');
    assert.match(res.json.error.fields.name, /姓名不能包含控制字符/);
    assert.equal(persons(body.id_number), 0);
  });

  test('a password with \\u0000 is refused at registration and at sign-in', async () => {
    const body = registration(unit.id, { password: 'Study2026a\u0000x', password2: 'Study2026a\u0000x' });
    const res = await register(body);
    assertError(res, 400, 'invalid');
    assert.ok(res.json.error.fields.password, res.text);
    assert.equal(persons(body.id_number), 0);
    const m = await member();
    const c = new Client();
    const login = await c.login('personnel', m.body.id_number, `${m.body.password}\u0000anything`);
    assertError(login, 400, 'invalid');
    assert.ok(login.json.error.fields.password, login.text);
  });

  test('other C0 characters and DEL are refused; a key with \\u0000 does not stand for the field', async () => {
    for (const bad of ['张\u0007三', '张\u001f三', '张\u007f三', '张\t三', '张\n三']) {
      const res = await register(registration(unit.id, { name: bad }));
      assertError(res, 400, 'invalid');
      assert.ok(res.json.error.fields.name, `${JSON.stringify(bad)}: ${res.text}`);
    }
    const body = registration(unit.id);
    const idn = body.id_number;
    delete body.id_number;
    body['id_number\u0000x'] = idn;
    const res = await register(body);
    assertError(res, 400, 'invalid');
    assert.equal(res.json.error.fields.id_number, '请填写证件号');
  });

  test('a reason may have several lines but no other control character', async () => {
    const a = await pending();
    const bad = await admin.post('/api/v1/reviews/personnel-registrations/decide',
      { ids: [a.rid], decision: 'reject', reason: '材料不全\u0000<b>' });
    assertError(bad, 400, 'invalid');
    assert.match(bad.json.error.fields.reason, /控制字符/);
    assert.equal(sql(`SELECT status FROM review WHERE id = ${a.rid}`)[0][0], 'pending');
    const ok = await admin.post('/api/v1/reviews/personnel-registrations/decide',
      { ids: [a.rid], decision: 'reject', reason: '材料不全:\n1. 缺少学历证明\t请补充 C:\\u0000' });
    assert.equal(ok.json.done, 1, ok.text);
    // An escaped backslash before u0000 is plain text, kept as it is.
    assert.equal(sql(`SELECT HEX(reason) FROM review WHERE id = ${a.rid}`)[0][0],
      Buffer.from('材料不全:\n1. 缺少学历证明\t请补充 C:\\u0000').toString('hex').toUpperCase());
  });

  test('declared data and admin entries refuse control characters', async () => {
    const m = await member();
    const att = await uploadPdf(m.c, '证明.pdf');
    const res = await m.c.post('/api/v1/me/declarations', {
      year: 2026, category: 'professional', study_form: 'book', attachments: [att.id],
      data: { book: '实务\u0000<script>', isbn: `978-7-5${Date.now() % 100000}-1-0`, publisher: '人民出版社', date: '2026-01-15', words: 12, rank: '主编' },
    });
    assertError(res, 400, 'invalid');
    assert.match(res.json.error.fields['data.book'], /控制字符/);
    const entry = await admin.post('/api/v1/hours', { person_id: m.pid, year: 2026, category: 'public', study_form: 'online', title: '课程\u0000x', hours: 1 });
    assertError(entry, 400, 'invalid');
    assert.ok(entry.json.error.fields.title, entry.text);
    assert.equal(sql(`SELECT COUNT(*) FROM hour_record WHERE person_id = ${m.pid}`)[0][0], '0');
  });
});

describe('integers', () => {
  test('a declaration of year 2026.5 is refused, not stored as 2026', async () => {
    const m = await member();
    const att = await uploadPdf(m.c, '证明.pdf');
    const body = {
      year: 2026.5, category: 'professional', study_form: 'book', attachments: [att.id],
      data: { book: '继续教育实务', isbn: `978-7-6${Date.now() % 100000}-1-0`, publisher: '人民出版社', date: '2026-01-15', words: 12, rank: '主编' },
    };
    for (const path of ['/api/v1/me/declarations/preview', '/api/v1/me/declarations']) {
      const res = await m.c.post(path, body);
      assertError(res, 400, 'invalid');
      assert.match(res.json.error.fields.year, /整数/, res.text);
    }
    assert.equal(sql(`SELECT COUNT(*) FROM declaration WHERE person_id = ${m.pid}`)[0][0], '0');
  });

  test('a certificate of year 2025.9 is not issued; admin entries need whole years and ids', async () => {
    const m = await member();
    for (const [category, hours] of [['public', 30], ['professional', 60]]) {
      const r = await admin.post('/api/v1/hours', { person_id: m.pid, year: 2025, category, study_form: 'online', title: '课程', hours });
      assert.equal(r.status, 204, r.text);
    }
    const res = await m.c.post('/api/v1/me/certificates', { kind: 'completion', year: 2025.9 });
    assertError(res, 400, 'invalid');
    assert.ok(res.json.error.fields.year, res.text);
    assert.equal(sql(`SELECT COUNT(*) FROM certificate WHERE person_id = ${m.pid}`)[0][0], '0');
    assert.equal((await m.c.post('/api/v1/me/certificates', { kind: 'completion', year: 2025 })).status, 201);
    const y = await admin.post('/api/v1/hours', { person_id: m.pid, year: 2026.5, category: 'public', study_form: 'online', title: '课程', hours: 1 });
    assertError(y, 400, 'invalid');
    assert.ok(y.json.error.fields.year);
    const p = await admin.post('/api/v1/hours', { person_id: m.pid + 0.5, year: 2026, category: 'public', study_form: 'online', title: '课程', hours: 1 });
    assertError(p, 400, 'invalid');
    assert.ok(p.json.error.fields.person_id);
    assert.equal(sql(`SELECT COUNT(*) FROM hour_record WHERE person_id = ${m.pid} AND year = 2026`)[0][0], '0');
  });

  test('a role, an admin\'s role and an attachment with a fractional id are refused', async () => {
    const m = await member();
    assertError(await m.c.post('/api/v1/auth/role', { kind: 'personnel', org_id: unit.id + 0.5 }), 400, 'invalid');
    assertError(await admin.request('PUT', `/api/v1/org/admins/${m.pid}/role`, { role_id: 1.5 }), 400, 'invalid');
    const att = await uploadPdf(m.c, '证明.pdf');
    const res = await m.c.post('/api/v1/me/declarations', {
      year: 2026, category: 'professional', study_form: 'book', attachments: [att.id + 0.5],
      data: { book: '继续教育实务', isbn: `978-7-8${Date.now() % 100000}-1-0`, publisher: '人民出版社', date: '2026-01-15', words: 12, rank: '主编' },
    });
    assert.equal(res.status, 400, res.text);
    assert.equal(sql(`SELECT COUNT(*) FROM declaration WHERE person_id = ${m.pid}`)[0][0], '0');
  });

  test('review ids with a fraction are refused, not rounded down', async () => {
    const a = await pending();
    const res = await admin.post('/api/v1/reviews/personnel-registrations/decide', { ids: [a.rid + 0.5], decision: 'approve' });
    assertError(res, 400, 'invalid');
    assert.equal(sql(`SELECT status FROM review WHERE id = ${a.rid}`)[0][0], 'pending');
  });
});

describe('lengths in characters, equal to the column', () => {
  test('a reason of 501 characters is refused, 301 and 500 Chinese characters are kept whole', async () => {
    const a = await pending();
    const long = await admin.post('/api/v1/reviews/personnel-registrations/decide',
      { ids: [a.rid], decision: 'reject', reason: 'x'.repeat(501) });
    assertError(long, 400, 'invalid');
    assert.match(long.json.error.fields.reason, /500 个字/);
    assert.equal(sql(`SELECT status FROM review WHERE id = ${a.rid}`)[0][0], 'pending');
    const ok = await admin.post('/api/v1/reviews/personnel-registrations/decide',
      { ids: [a.rid], decision: 'reject', reason: 'y'.repeat(301) });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.done, 1, ok.text);
    assert.equal(sql(`SELECT CHAR_LENGTH(reason) FROM review WHERE id = ${a.rid}`)[0][0], '301');
    const b = await pending();
    const zh = await admin.post('/api/v1/reviews/personnel-registrations/decide',
      { ids: [b.rid], decision: 'reject', reason: '缺'.repeat(500) });
    assert.equal(zh.json.done, 1, zh.text);
    assert.equal(sql(`SELECT CHAR_LENGTH(reason) FROM review WHERE id = ${b.rid}`)[0][0], '500');
  });

  test('a revocation reason of 301 characters is refused, 300 Chinese characters are kept', async () => {
    const m = await member();
    for (const [category, hours] of [['public', 30], ['professional', 60]])
      assert.equal((await admin.post('/api/v1/hours', { person_id: m.pid, year: 2026, category, study_form: 'online', title: '课程', hours })).status, 204);
    const { number } = (await m.c.post('/api/v1/me/certificates', { kind: 'completion', year: 2026 })).json;
    const { c: city } = await signInCity();
    const long = await city.post(`/api/v1/certificates/${number}/revoke`, { reason: 'r'.repeat(301) });
    assertError(long, 400, 'invalid');
    assert.match(long.json.error.fields.reason, /300 个字/);
    assert.equal(sql(`SELECT revoked_at IS NULL FROM certificate WHERE number = '${number}'`)[0][0], '1');
    const ok = await city.post(`/api/v1/certificates/${number}/revoke`, { reason: '撤'.repeat(300) });
    assert.equal(ok.status, 204, ok.text);
    assert.equal(sql(`SELECT CHAR_LENGTH(revoke_reason) FROM certificate WHERE number = '${number}'`)[0][0], '300');
  });

  test('titles count characters: 200 Chinese characters pass, 201 letters are a field error, not a database error', async () => {
    const m = await member();
    const ok = await admin.post('/api/v1/hours', { person_id: m.pid, year: 2026, category: 'public', study_form: 'online', title: '课'.repeat(200), hours: 1 });
    assert.equal(ok.status, 204, ok.text);
    const long = await admin.post('/api/v1/hours', { person_id: m.pid, year: 2026, category: 'public', study_form: 'online', title: 't'.repeat(201), hours: 1 });
    assertError(long, 400, 'invalid');
    assert.match(long.json.error.fields.title, /200 个字/);
    const att = await uploadPdf(m.c, '证明.pdf');
    const decl = await m.c.post('/api/v1/me/declarations', {
      year: 2026, category: 'professional', study_form: 'book', attachments: [att.id],
      data: { book: 'b'.repeat(201), isbn: `978-7-7${Date.now() % 100000}-1-0`, publisher: '人民出版社', date: '2026-01-15', words: 12, rank: '主编' },
    });
    assertError(decl, 400, 'invalid');
    assert.match(decl.json.error.fields['data.book'], /200 个字/);
    // The page's limit of a declared text is the server's.
    const forms = await m.c.get('/api/v1/hours/forms');
    const book = forms.json.forms.find((f) => f.code === 'book').fields.find((f) => f.name === 'book');
    assert.equal(book.type, 'text');
    assert.equal(book.maxlen, 200);
  });

  test('a name counts characters up to its column', async () => {
    const [[col]] = sql(`SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'person' AND COLUMN_NAME = 'name'`);
    const max = Number(col);
    const ok = registration(unit.id, { name: '张'.repeat(max) });
    assert.equal((await register(ok)).status, 201);
    const res = await register(registration(unit.id, { name: '张'.repeat(max + 1) }));
    assertError(res, 400, 'invalid');
    assert.match(res.json.error.fields.name, new RegExp(`${max} 个字`));
  });
});

describe('form descriptions', () => {
  // The columns that hold the registration's text fields.
  const COLUMNS = {
    id_number: ['person', 'id_number'], name: ['person', 'name'], email: ['person', 'email'],
    landline: ['person', 'landline'], dept: ['personnel', 'dept'], school: ['personnel', 'school'],
    admin_post: ['personnel', 'admin_post'], title_cert_no: ['personnel', 'title_cert_no'],
  };

  test('GET /api/v1/forms/personnel-registration gives the server\'s own limits, equal to the columns', async () => {
    const res = await new Client().get('/api/v1/forms/personnel-registration');
    assert.equal(res.status, 200, res.text);
    const by = Object.fromEntries(res.json.fields.map((f) => [f.name, f]));
    assert.equal(by.password.maxlen, 64);
    assert.equal(by.password.type, 'secret');
    assert.equal(by.password.required, true);
    assert.equal(by.ethnic.type, 'dict');
    assert.equal(by.ethnic.dict, 'ethnic');
    assert.equal(by.org_id.type, 'id');
    for (const [field, [table, column]] of Object.entries(COLUMNS)) {
      const [[len]] = sql(`SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${table}' AND COLUMN_NAME = '${column}'`);
      assert.equal(by[field].maxlen, Number(len), `${field} as long as ${table}.${column}`);
    }
    // The limit the form gives is the one the server applies.
    const over = await register(registration(unit.id, { school: '校'.repeat(by.school.maxlen + 1) }));
    assertError(over, 400, 'invalid');
    assert.ok(over.json.error.fields.school);
  });

  test('every form the pages use is described; an unknown one is 404', async () => {
    const list = await new Client().get('/api/v1/forms');
    assert.equal(list.status, 200, list.text);
    for (const name of ['personnel-registration', 'org-registration', 'org-admin', 'org-info', 'org-change', 'personnel-correct', 'login', 'review-decision', 'certificate-revoke', 'hours-entry']) {
      assert.ok(list.json.forms.includes(name), `${name} in ${list.text}`);
      const r = await new Client().get(`/api/v1/forms/${name}`);
      assert.equal(r.status, 200, `${name}: ${r.text}`);
      assert.equal(r.json.name, name);
      assert.ok(r.json.fields.length > 0);
    }
    const decision = (await new Client().get('/api/v1/forms/review-decision')).json;
    const reason = decision.fields.find((f) => f.name === 'reason');
    assert.equal(reason.maxlen, 500);
    assert.equal(reason.type, 'lines');
    assertError(await new Client().get('/api/v1/forms/nothing-such'), 404, 'not_found');
  });
});
