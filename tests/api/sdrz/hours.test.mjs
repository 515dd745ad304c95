// Hours: declarations with their study form's fields and rule, review by
// the unit, duplicates refused, hours credited once, completion per year,
// the yearly rule, admin entries and queries; certificates rendered from
// XML to PDF, checked with poppler and zbar, verified, revoked.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, describe, before } from 'node:test';
import { URLS, assertError, sdrzctl, sql } from '../lib.mjs';
import { Client, freshId, registration, rootId } from '../accounts-lib.mjs';

const PW = 'Hour2026pass';
const YEAR = 2026;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 >>\nstartxref\n29\n%%EOF\n');
let isbnSeq = Date.now() % 100000;

function orgAdd(kind, parent, name) {
  const admin = freshId();
  const r = sdrzctl('org-add', '--kind', kind, '--parent', String(parent), '--name',
    `${name}${Date.now() % 1000000}`, '--admin-id', admin, '--admin-name', '秦管理', '--admin-password', PW);
  assert.equal(r.status, 0, r.stderr);
  return { id: Number(/created organisation (\d+)/.exec(r.stdout)[1]), admin, password: PW };
}

async function signIn(type, who) {
  const c = new Client();
  const res = await c.login(type, who.admin, who.password);
  assert.equal(res.status, 200, res.text);
  return c;
}

async function member(unit, admin) {
  const body = registration(unit.id);
  assert.equal((await new Client().postSolved('/api/v1/register/personnel', body)).status, 201);
  const [[rid]] = sql(`SELECT r.id FROM review r JOIN person p ON p.id = r.subject_id
    WHERE r.kind = 'personnel_reg' AND p.id_number = '${body.id_number}'`);
  await admin.post('/api/v1/reviews/personnel-registrations/decide', { ids: [Number(rid)], decision: 'approve' });
  const c = new Client();
  assert.equal((await c.login('personnel', body.id_number, body.password)).status, 200);
  const [[pid]] = sql(`SELECT id FROM person WHERE id_number = '${body.id_number}'`);
  return { client: c, body, pid: Number(pid) };
}

async function attachment(c) {
  const fd = new FormData();
  fd.append('file', new Blob([PDF]), '证明.pdf');
  const res = await fetch(`${URLS.sdrz}/api/v1/attachments`, { method: 'POST', body: fd, headers: { Cookie: c.cookie, 'X-CSRF-Token': c.csrf } });
  assert.equal(res.status, 201);
  return (await res.json()).id;
}

function book(isbn, rank = '主编') {
  return {
    year: YEAR, category: 'professional', study_form: 'book',
    data: { book: `临床实践${isbn}`, isbn, publisher: '人民卫生出版社', date: '2026-05-01', words: 12, rank },
  };
}

function nextIsbn() {
  isbnSeq += 1;
  return `978-7-117-${String(isbnSeq).padStart(5, '0')}-0`;
}

let unit;
let admin;

before(async () => {
  unit = orgAdd('unit', rootId(), '学时测试单位');
  admin = await signIn('unit', unit);
});

describe('declarations', () => {
  test('the forms carry their fields and rules; preview computes the hours', async () => {
    const m = await member(unit, admin);
    const forms = await m.client.get('/api/v1/hours/forms');
    assert.deepEqual(forms.json.types.map((t) => t.name), ['培训类', '成果类', '论文著作类', '考试类']);
    const bookForm = forms.json.forms.find((f) => f.code === 'book');
    assert.deepEqual(bookForm.fields.map((f) => f.name), ['book', 'isbn', 'publisher', 'date', 'words', 'rank']);
    const p1 = await m.client.post('/api/v1/me/declarations/preview', book(nextIsbn(), '副主编'));
    assert.equal(p1.json.hours, 15);
    const p2 = await m.client.post('/api/v1/me/declarations/preview', { year: YEAR, category: 'professional', study_form: 'offline', data: { organiser: '省卫健委', course: '培训', start: '2026-03-01', end: '2026-03-03', days: 2.5 } });
    assert.equal(p2.json.hours, 20);
    const missing = await m.client.post('/api/v1/me/declarations/preview', { year: YEAR, category: 'professional', study_form: 'book', data: { book: 'x' } });
    assertError(missing, 400, 'invalid');
    assert.ok(missing.json.error.fields['data.isbn']);
    assert.ok(missing.json.error.fields['data.rank']);
    const badOption = await m.client.post('/api/v1/me/declarations/preview', { ...book(nextIsbn()), data: { ...book('1').data, rank: '路人' } });
    assert.ok(badOption.json.error.fields['data.rank']);
    const wrongCat = await m.client.post('/api/v1/me/declarations/preview', { ...book(nextIsbn()), category: 'public' });
    assert.ok(wrongCat.json.error.fields.category);
    const online = await m.client.post('/api/v1/me/declarations', { year: YEAR, category: 'public', study_form: 'online', data: {} });
    assert.ok(online.json.error.fields.study_form, 'platform hours cannot be declared');
  });

  test('a book is declared with proof, approved once, credited once; the same ISBN is refused', async () => {
    const m = await member(unit, admin);
    const isbn = nextIsbn();
    const noProof = await m.client.post('/api/v1/me/declarations', book(isbn));
    assertError(noProof, 400, 'invalid');
    assert.ok(noProof.json.error.fields.attachments);
    assert.equal(sql(`SELECT COUNT(*) FROM declaration WHERE person_id = ${m.pid}`)[0][0], '0', 'nothing half-saved');
    const res = await m.client.post('/api/v1/me/declarations', { ...book(isbn), attachments: [await attachment(m.client)] });
    assert.equal(res.status, 201, res.text);
    const dup = await m.client.post('/api/v1/me/declarations', { ...book(isbn.replaceAll('-', ' ')), attachments: [await attachment(m.client)] });
    assertError(dup, 409, 'conflict');
    assert.ok(dup.json.error.fields['data.isbn'], 'the duplicate is named at its field');
    const list = await m.client.get('/api/v1/me/declarations');
    assert.equal(list.json[0].status, 'pending');
    assert.equal(list.json[0].hours, 20);
    const q = await admin.get(`/api/v1/reviews/declarations?name=${encodeURIComponent(m.body.name)}`);
    const item = q.json.items.find((i) => i.data.isbn === isbn);
    assert.ok(item, q.text);
    assert.equal(item.attachments.length, 1);
    const d = await admin.post('/api/v1/reviews/declarations/decide', { ids: [item.id, item.id], decision: 'approve' });
    assert.deepEqual(d.json.results.map((r) => r.ok), [true, false]);
    const [[n, hours, org]] = sql(`SELECT COUNT(*), SUM(hours), MAX(org_id) FROM hour_record WHERE person_id = ${m.pid} AND source = 'declaration'`);
    assert.deepEqual([n, hours, org], ['1', '20.0', String(unit.id)]);
    const detail = await m.client.get(`/api/v1/me/declarations/${res.json.id}`);
    assert.equal(detail.json.status, 'approved');
    assert.ok(detail.json.history.some((h) => h.action === 'review.approve'));
    assert.ok(detail.json.history.some((h) => h.action === 'hours.declare'));
    const other = await member(unit, admin);
    assertError(await other.client.get(`/api/v1/me/declarations/${res.json.id}`), 404, 'not_found');
  });

  test('a rejected declaration credits nothing and frees its ISBN', async () => {
    const m = await member(unit, admin);
    const isbn = nextIsbn();
    await m.client.post('/api/v1/me/declarations', { ...book(isbn), attachments: [await attachment(m.client)] });
    const q = await admin.get(`/api/v1/reviews/declarations?name=${encodeURIComponent(m.body.name)}`);
    const d = await admin.post('/api/v1/reviews/declarations/decide', { ids: [q.json.items[0].id], decision: 'reject', reason: '证明材料不清晰' });
    assert.equal(d.json.done, 1);
    assert.equal(sql(`SELECT COUNT(*) FROM hour_record WHERE person_id = ${m.pid}`)[0][0], '0');
    const again = await m.client.post('/api/v1/me/declarations', { ...book(isbn), attachments: [await attachment(m.client)] });
    assert.equal(again.status, 201, again.text);
  });

  test('the yearly cap of a form trims what is credited and then refuses', async () => {
    const m = await member(unit, admin);
    const ids = [];
    for (let i = 0; i < 3; i += 1) {
      const r = await m.client.post('/api/v1/me/declarations', { ...book(nextIsbn()), attachments: [await attachment(m.client)] });
      assert.equal(r.status, 201, r.text);
    }
    const q = await admin.get(`/api/v1/reviews/declarations?name=${encodeURIComponent(m.body.name)}`);
    for (const it of q.json.items) ids.push(it.id);
    await admin.post('/api/v1/reviews/declarations/decide', { ids, decision: 'approve' });
    const [[sum]] = sql(`SELECT SUM(hours) FROM hour_record WHERE person_id = ${m.pid} AND study_form = 'book' AND year = ${YEAR}`);
    assert.equal(sum, '40.0', 'three books of 20 hours, capped at 40 a year');
    const more = await m.client.post('/api/v1/me/declarations', { ...book(nextIsbn()), attachments: [await attachment(m.client)] });
    assertError(more, 409, 'conflict');
  });
});

describe('years and rules', () => {
  test('completion per year with the rule, exactly at the limit', async () => {
    const m = await member(unit, admin);
    const add = (category, hours, year = YEAR) => admin.post('/api/v1/hours', { person_id: m.pid, year, category, study_form: 'online', title: `${category}课程`, hours });
    assert.equal((await add('public', 29.5)).status, 204);
    assert.equal((await add('professional', 60)).status, 204);
    let years = (await m.client.get('/api/v1/me/years')).json;
    let y = years.find((x) => x.year === YEAR);
    assert.equal(y.complete, false);
    assert.equal(y.missing.public, 0.5);
    assert.equal(y.missing.total, 0.5);
    assert.equal((await add('public', 0.5)).status, 204);
    years = (await m.client.get('/api/v1/me/years')).json;
    y = years.find((x) => x.year === YEAR);
    assert.deepEqual([y.public, y.professional, y.total, y.complete], [30, 60, 90, true]);
    assert.equal((await add('professional', 10, 2025)).status, 204);
    const y25 = (await m.client.get('/api/v1/me/years')).json.find((x) => x.year === 2025);
    assert.equal(y25.complete, false, 'each year stands alone');
    const recs = await m.client.get(`/api/v1/me/years/${YEAR}/records`);
    assert.equal(recs.json.length, 3);
    assert.ok(recs.json.every((r) => r.source === 'admin'));
    const q = await admin.get(`/api/v1/hours/query?year=${YEAR}&id_number=${m.body.id_number}`);
    assert.equal(q.json.total, 1);
    assert.equal(q.json.items[0].total, 90);
    assert.equal(q.json.items[0].complete, true);
    const bad = await admin.post('/api/v1/hours', { person_id: m.pid, year: YEAR, category: 'public', study_form: 'online', title: 'x', hours: 0.25 });
    assertError(bad, 400, 'invalid');
    const wrongCat = await admin.post('/api/v1/hours', { person_id: m.pid, year: YEAR, category: 'public', study_form: 'book', title: 'x', hours: 1 });
    assertError(wrongCat, 400, 'invalid');
    assert.ok(wrongCat.json.error.fields.category);
    const stranger = await signIn('unit', orgAdd('unit', rootId(), '旁系单位'));
    assertError(await stranger.post('/api/v1/hours', { person_id: m.pid, year: YEAR, category: 'public', study_form: 'online', title: 'x', hours: 1 }), 404, 'not_found');
  });

  test('the city bureau sets the rule of a year; others may not', async () => {
    const [[cityAdmin]] = sql(`SELECT p.id_number FROM org_admin a JOIN person p ON p.id = a.person_id
      WHERE a.org_id = ${rootId()} AND a.is_super = 1`);
    const city = await signIn('hrb', { admin: cityAdmin, password: 'Rizhao2026' });
    assertError(await admin.request('PUT', '/api/v1/hours/rules/2030', { total_min: 80, professional_min: 50, public_min: 30 }), 403, 'bureau_required');
    const bad = await city.request('PUT', '/api/v1/hours/rules/2030', { total_min: 60, professional_min: 50, public_min: 30 });
    assertError(bad, 400, 'invalid');
    assert.equal((await city.request('PUT', '/api/v1/hours/rules/2030', { total_min: 80, professional_min: 50, public_min: 20.5 })).status, 204);
    const r = await admin.get('/api/v1/hours/rules/2031');
    assert.deepEqual([r.json.total_min, r.json.professional_min, r.json.public_min], [80, 50, 20.5], 'a later year uses the newest rule before it');
    const r29 = await admin.get('/api/v1/hours/rules/2029');
    assert.notEqual(r29.json.total_min, 80);
    sql('DELETE FROM year_rule WHERE year = 2030');
  });

  test('a rule counted per unit names its unit (每 1 天 计 8 学时)', async () => {
    const [[cityAdmin]] = sql(`SELECT p.id_number FROM org_admin a JOIN person p ON p.id = a.person_id
      WHERE a.org_id = ${rootId()} AND a.is_super = 1`);
    const city = await signIn('hrb', { admin: cityAdmin, password: 'Rizhao2026' });
    const forms = await city.get('/api/v1/hours/forms?all=1');
    const offline = forms.json.forms.find((f) => f.code === 'offline');
    assert.equal(offline.rule.kind, 'per_unit');
    assert.equal(offline.rule.unit, '天', 'the days of a training');
    const body = (rule) => ({ name: offline.name, fields: offline.fields, rule, yearly_cap: offline.yearly_cap,
      dedupe: offline.dedupe, attachment_required: offline.attachment_required, active: offline.active });
    const { unit: _unit, ...noUnit } = offline.rule;
    for (const rule of [noUnit, { ...offline.rule, unit: '' }, { ...offline.rule, unit: 3 }, { ...offline.rule, unit: '天'.repeat(11) }]) {
      const res = await city.request('PUT', '/api/v1/hours/forms/offline', body(rule));
      assertError(res, 400, 'invalid');
      assert.match(res.json.error.fields.rule, /单位/, res.text);
    }
    const after = await city.get('/api/v1/hours/forms?all=1');
    assert.deepEqual(after.json.forms.find((f) => f.code === 'offline').rule, offline.rule, 'a refused rule changes nothing');
    const same = await city.request('PUT', '/api/v1/hours/forms/offline', body(offline.rule));
    assert.equal(same.status, 204, same.text);
  });
});

describe('certificates', () => {
  test('a completed year gives a PDF with embedded fonts, Chinese text and a QR code that verifies; revocation shows', async () => {
    const m = await member(unit, admin);
    const add = (category, hours, title) => admin.post('/api/v1/hours', { person_id: m.pid, year: YEAR, category, study_form: 'online', title, hours });
    await add('public', 30, '2026年度公需科目');
    assertError(await m.client.post('/api/v1/me/certificates', { kind: 'completion', year: YEAR }), 409, 'not_complete');
    await add('professional', 60.5, '专业科目进阶班');
    const issued = await m.client.post('/api/v1/me/certificates', { kind: 'completion', year: YEAR });
    assert.equal(issued.status, 201, issued.text);
    const { number } = issued.json;
    const again = await m.client.post('/api/v1/me/certificates', { kind: 'completion', year: YEAR });
    assert.equal(again.json.number, number, 'the same content is the same certificate');
    // The stored XML fits the schema (checked by xmllint here, by the library at issue).
    const dir = mkdtempSync(join(tmpdir(), 'sdrz-cert-'));
    const [[xml]] = sql(`SELECT REPLACE(xml, '\\n', ' ') FROM certificate WHERE number = '${number}'`);
    writeFileSync(join(dir, 'c.xml'), xml);
    const schema = sdrzctl('cert-schema');
    assert.equal(schema.status, 0, schema.stderr);
    writeFileSync(join(dir, 'c.xsd'), schema.stdout);
    execFileSync('xmllint', ['--noout', '--schema', join(dir, 'c.xsd'), join(dir, 'c.xml')], { stdio: 'pipe' });
    writeFileSync(join(dir, 'bad.xml'), xml.replace(/total="[^"]*"/, 'total="x"'));
    assert.throws(() => execFileSync('xmllint', ['--noout', '--schema', join(dir, 'c.xsd'), join(dir, 'bad.xml')], { stdio: 'pipe' }),
      'the schema refuses a broken document');
    const res = await fetch(`${URLS.sdrz}/api/v1/certificates/${number}/pdf`, { headers: { Cookie: m.client.cookie } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    assert.ok(pdf.length < 100 * 1024, `${pdf.length} bytes`);
    writeFileSync(join(dir, 'c.pdf'), pdf);
    const fonts = execFileSync('pdffonts', [join(dir, 'c.pdf')], { encoding: 'utf8' });
    assert.match(fonts, /NotoSerifCJK.*yes\s+yes\s+yes/, fonts);
    assert.equal(fonts.trim().split('\n').length, 3, 'one face only');
    const text = execFileSync('pdftotext', [join(dir, 'c.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    assert.ok(text.includes('日照市专业技术人员继续教育结业证书'), text);
    assert.ok(text.includes(m.body.name));
    assert.ok(text.includes(m.body.id_number));
    assert.ok(text.includes('专业科目进阶班'));
    assert.ok(text.includes('60.5'));
    assert.ok(text.includes(number));
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', join(dir, 'c.pdf'), join(dir, 'page')]);
    const qr = execFileSync('zbarimg', ['-q', '--raw', join(dir, 'page.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    assert.equal(qr, `${URLS.sdrz}/verify?n=${number}`);
    const n = new URL(qr).searchParams.get('n');
    const ok = await new Client().get(`/api/v1/certificates/${n}`);
    assert.equal(ok.json.status, 'valid');
    assert.equal(ok.json.name, m.body.name);
    assert.match(ok.json.id_number_masked, /\*{4}/);
    assert.equal(ok.json.total, 90.5);
    assert.equal(JSON.stringify(ok.json).includes(m.body.id_number), false, 'no full ID number in public');
    // The registration form of any year.
    const reg = await m.client.post('/api/v1/me/certificates', { kind: 'register', year: YEAR });
    assert.equal(reg.status, 201);
    // The bureau finds it by ID number and name, and revokes it.
    const [[cityAdmin]] = sql(`SELECT p.id_number FROM org_admin a JOIN person p ON p.id = a.person_id
      WHERE a.org_id = ${rootId()} AND a.is_super = 1`);
    const city = await signIn('hrb', { admin: cityAdmin, password: 'Rizhao2026' });
    const found = await city.get(`/api/v1/certificates?id_number=${m.body.id_number}&name=${encodeURIComponent(m.body.name)}`);
    assert.ok(found.json.some((c) => c.number === number));
    assertError(await admin.post(`/api/v1/certificates/${number}/revoke`, { reason: '单位无权' }), 403, 'bureau_required');
    assertError(await city.post(`/api/v1/certificates/${number}/revoke`, {}), 400, 'reason_required');
    assert.equal((await city.post(`/api/v1/certificates/${number}/revoke`, { reason: '学时记录有误' })).status, 204);
    const revoked = await new Client().get(`/api/v1/certificates/${n}`);
    assert.equal(revoked.json.status, 'revoked');
    // The same content is not printed again at once: the bureau consents
    // first (an audited action), and the person is told so.
    const blocked = await m.client.post('/api/v1/me/certificates', { kind: 'completion', year: YEAR });
    assertError(blocked, 409, 'reissue_needs_consent');
    assert.match(blocked.json.error.message, /人社部门/);
    assert.equal(sql(`SELECT COUNT(*) FROM certificate WHERE person_id = ${m.pid} AND kind = 'completion'`)[0][0], '1', 'nothing issued');
    const listed = (await m.client.get('/api/v1/me/certificates')).json.find((c) => c.number === number);
    assert.deepEqual([listed.status, listed.revoke_reason, listed.reissue_allowed_at], ['revoked', '学时记录有误', null]);
    assertError(await admin.post(`/api/v1/certificates/${number}/reissue`, { note: '单位无权' }), 403, 'bureau_required');
    assertError(await city.post(`/api/v1/certificates/${number}/reissue`, {}), 400, 'note_required');
    assertError(await city.post(`/api/v1/certificates/${reg.json.number}/reissue`, { note: '未撤销' }), 404, 'not_found');
    assert.equal((await city.post(`/api/v1/certificates/${number}/reissue`, { note: '经核实,原证书内容无误' })).status, 204);
    assertError(await city.post(`/api/v1/certificates/${number}/reissue`, { note: '再次同意' }), 404, 'not_found');
    const [[audited]] = sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'cert.reissue_allow'
      AND subject_type = 'certificate' AND subject_id = (SELECT id FROM certificate WHERE number = '${number}')`);
    assert.equal(audited, '1', 'the consent is audited');
    const fresh = await m.client.post('/api/v1/me/certificates', { kind: 'completion', year: YEAR });
    assert.equal(fresh.status, 201, fresh.text);
    assert.notEqual(fresh.json.number, number, 'after revocation a new number is issued');
    // Revoked again: blocked again until the next consent.
    assert.equal((await city.post(`/api/v1/certificates/${fresh.json.number}/revoke`, { reason: '再次核查' })).status, 204);
    assertError(await m.client.post('/api/v1/me/certificates', { kind: 'completion', year: YEAR }), 409, 'reissue_needs_consent');
  });

  test('after a revocation, changed content (corrected hour records) is issued without consent', async () => {
    const m = await member(unit, admin);
    const add = (category, hours, title) => admin.post('/api/v1/hours', { person_id: m.pid, year: YEAR, category, study_form: 'online', title, hours });
    await add('public', 30, '2026年度公需科目');
    await add('professional', 60, '专业科目进阶班');
    const first = await m.client.post('/api/v1/me/certificates', { kind: 'completion', year: YEAR });
    assert.equal(first.status, 201, first.text);
    const [[cityAdmin]] = sql(`SELECT p.id_number FROM org_admin a JOIN person p ON p.id = a.person_id
      WHERE a.org_id = ${rootId()} AND a.is_super = 1`);
    const city = await signIn('hrb', { admin: cityAdmin, password: 'Rizhao2026' });
    assert.equal((await city.post(`/api/v1/certificates/${first.json.number}/revoke`, { reason: '漏记学时' })).status, 204);
    assertError(await m.client.post('/api/v1/me/certificates', { kind: 'completion', year: YEAR }), 409, 'reissue_needs_consent');
    await add('professional', 4, '补录的专业科目');
    const second = await m.client.post('/api/v1/me/certificates', { kind: 'completion', year: YEAR });
    assert.equal(second.status, 201, second.text);
    assert.notEqual(second.json.number, first.json.number);
    const v = await new Client().get(`/api/v1/certificates/${second.json.number}`);
    assert.deepEqual([v.json.status, v.json.total], ['valid', 94]);
  });

  test('a declared 线下培训进修 is named by its training, not its organiser, on the 结业证书 and in the records', async () => {
    const m = await member(unit, admin);
    const course = '装配式建筑技术研修班';
    const res = await m.client.post('/api/v1/me/declarations', {
      year: YEAR, category: 'professional', study_form: 'offline', attachments: [await attachment(m.client)],
      data: { organiser: '日照市人社局', course, start: '2026-03-01', end: '2026-03-05', days: 5 },
    });
    assert.equal(res.status, 201, res.text);
    const [[rid]] = sql(`SELECT review_id FROM declaration WHERE id = ${res.json.id}`);
    const d = await admin.post('/api/v1/reviews/declarations/decide', { ids: [Number(rid)], decision: 'approve' });
    assert.equal(d.json.done, 1, d.text);
    const records = await m.client.get(`/api/v1/me/years/${YEAR}/records`);
    const rec = records.json.find((r) => r.study_form_name === '线下培训进修');
    assert.ok(rec, records.text);
    assert.equal(rec.title, course, 'the record is named by the training');
    const add = (category, hours, title) => admin.post('/api/v1/hours', { person_id: m.pid, year: YEAR, category, study_form: 'online', title, hours });
    await add('public', 30, '2026年度公需科目');
    await add('professional', 20, '专业科目进阶班');
    const issued = await m.client.post('/api/v1/me/certificates', { kind: 'completion', year: YEAR });
    assert.equal(issued.status, 201, issued.text);
    const pdf = await fetch(`${URLS.sdrz}/api/v1/certificates/${issued.json.number}/pdf`, { headers: { Cookie: m.client.cookie } });
    assert.equal(pdf.status, 200);
    const dir = mkdtempSync(join(tmpdir(), 'sdrz-cert-'));
    writeFileSync(join(dir, 'c.pdf'), Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', [join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
    assert.ok(text.replace(/\s+/g, '').includes(course), `the 班级名称 is the training: ${text}`);
    assert.ok(!text.includes('日照市人社局'), `the organiser is not the 班级名称: ${text}`);
  });

  test('unknown and malformed numbers, and someone else\'s PDF', async () => {
    const unknown = await new Client().get('/api/v1/certificates/2026AAAAAAAAAAA');
    assert.equal(unknown.json.status, 'unknown');
    const junk = await new Client().get('/api/v1/certificates/not-a-number');
    assert.equal(junk.json.status, 'unknown');
    const [[num]] = sql("SELECT number FROM certificate ORDER BY id DESC LIMIT 1");
    const m = await member(unit, admin);
    const res = await fetch(`${URLS.sdrz}/api/v1/certificates/${num}/pdf`, { headers: { Cookie: m.client.cookie } });
    assert.equal(res.status, 404);
  });
});
