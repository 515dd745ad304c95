// Question banks: a bank per name and organisation, questions checked by
// kind (answers, options), listed by tag and by key, retired rather than
// deleted once a published class draws from the bank; the spreadsheet
// template and the import, row by row and all or nothing; district
// bureaus read, a unit's admin is refused.
import assert from 'node:assert/strict';
import { test, before } from 'node:test';
import { assertError, sql } from '../lib.mjs';
import { uniqueName } from '../orgs-lib.mjs';
import {
  HEADER, bureaus, importFile, makeBank, publishable, single, xlsx,
} from '../courses-lib.mjs';

let b;

before(async () => {
  b = await bureaus();
});

const count = (bank) => Number(sql(`SELECT COUNT(*) FROM question WHERE bank_id = ${bank}`)[0][0]);

test('a bank\'s name is unique in its organisation; the bank lists with its counts', async () => {
  const c = b.city.c;
  const name = uniqueName('法律法规题库');
  let res = await c.post('/api/v1/banks', { name });
  assert.equal(res.status, 201, res.text);
  const id = res.json.id;
  res = await c.post('/api/v1/banks', { name });
  assertError(res, 409, 'conflict');
  assert.ok(res.json.error.fields.name, res.text);
  assertError(await c.post('/api/v1/banks', {}), 400, 'invalid');
  res = await c.get(`/api/v1/banks?name=${encodeURIComponent(name)}`);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.items.map((i) => [i.id, i.name, i.questions, i.active, i.in_use]), [[id, name, 0, 0, false]]);
  res = await c.request('PUT', `/api/v1/banks/${id}`, { name: `${name}改` });
  assert.equal(res.status, 204, res.text);
  res = await c.get(`/api/v1/banks/${id}`);
  assert.equal(res.json.name, `${name}改`);
  assert.equal(res.json.writable, true);
  assert.deepEqual(sql(`SELECT action FROM audit_log WHERE subject_type = 'question_bank' AND subject_id = ${id}`),
    [['bank.create']]);
});

test('questions are checked by kind: answers, options, stems, tags', async () => {
  const c = b.city.c;
  const bank = await makeBank(c, 0);
  const path = `/api/v1/banks/${bank.id}/questions`;
  const cases = [
    [single({ answer: [0, 1] }), 'answer', /单选题只能有一个/],
    [single({ kind: 'multiple', answer: [1] }), 'answer', /至少要有两个/],
    [single({ answer: [] }), 'answer', /请选择正确答案/],
    [single({ answer: [4] }), 'answer', /已有的选项/],
    [single({ answer: [1.5] }), 'answer', /已有的选项/],
    [single({ answer: '2' }), 'answer', /请选择正确答案|答案格式/],
    [single({ kind: 'multiple', answer: [1, 1] }), 'answer', /重复/],
    [single({ options: ['唯一'] }), 'options', /2 到 8/],
    [single({ options: ['1', '2', '3', '4', '5', '6', '7', '8', '9'] }), 'options', /2 到 8/],
    [single({ options: ['甲', ' ', '丙'], answer: [0] }), 'options', /选项B不能为空/],
    [single({ options: ['甲', '乙', '甲'], answer: [0] }), 'options', /选项C与选项A相同/],
    [single({ options: ['甲', 1] }), 'options', /文字/],
    [single({ kind: 'judge', options: ['对', '错'], answer: [0] }), 'options', /正确.*错误/],
    [single({ kind: 'judge', answer: [0, 1], options: undefined }), 'answer', /一个正确答案/],
    [single({ kind: 'essay' }), 'kind', /不在可选范围/],
    [single({ stem: '' }), 'stem', /请填写题干/],
    [single({ stem: '甲'.repeat(1001) }), 'stem', /1000/],
    [single({ tags: `${'标'.repeat(51)}` }), 'tags', /50/],
  ];
  for (const [body, field, msg] of cases) {
    const res = await c.post(path, body);
    assertError(res, 400, 'invalid');
    assert.match(res.json.error.fields?.[field] ?? '', msg, `${JSON.stringify(body).slice(0, 120)}: ${res.text}`);
  }
  assert.equal(count(bank.id), 0);
  // Right ones: a multiple choice with its answer in any order (kept
  // ascending), a judge question without options, tags normalised.
  let res = await c.post(path, single({ kind: 'multiple', answer: [3, 0], tags: ' 法律 ，职业道德、法律,, ' }));
  assert.equal(res.status, 201, res.text);
  const m = res.json.id;
  res = await c.post(path, { kind: 'judge', stem: '专业科目学时一般不少于总学时的三分之二。', answer: [0], tags: '继续教育规定' });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(sql(`SELECT kind, options, answer, tags FROM question WHERE id = ${m}`),
    [['multiple', '["60学时","72学时","90学时","120学时"]', '[0,3]', '法律,职业道德']]);
  assert.deepEqual(sql(`SELECT options, answer FROM question WHERE id = ${res.json.id}`), [['["正确","错误"]', '[0]']]);
  // Edit: the same checks.
  assertError(await c.request('PUT', `/api/v1/questions/${m}`, single({ kind: 'multiple', answer: [0] })), 400, 'invalid');
  res = await c.request('PUT', `/api/v1/questions/${m}`, single({ kind: 'single', answer: [1], stem: '改过的题干' }));
  assert.equal(res.status, 204, res.text);
  assert.deepEqual(sql(`SELECT kind, stem, answer FROM question WHERE id = ${m}`), [['single', '改过的题干', '[1]']]);
  assertError(await c.request('PUT', '/api/v1/questions/999999999', single()), 404, 'not_found');
});

test('questions list by tag, kind, state and stem, paged by key', async () => {
  const c = b.city.c;
  const bank = await makeBank(c, 5, { tags: '甲类' });
  for (let i = 0; i < 3; i++) assert.equal((await c.post(`/api/v1/banks/${bank.id}/questions`, single({ tags: '乙类,甲类乙' }))).status, 201);
  let res = await c.get(`/api/v1/banks/${bank.id}/questions?tag=${encodeURIComponent('甲类')}&size=2`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.total, 5, 'a tag matches whole words only');
  assert.equal(res.json.items.length, 2);
  const seen = res.json.items.map((i) => i.id);
  let next = res.json.next;
  for (let page = 2; next; page++) {
    res = await c.get(`/api/v1/banks/${bank.id}/questions?tag=${encodeURIComponent('甲类')}&size=2&page=${page}&after=${next}`);
    seen.push(...res.json.items.map((i) => i.id));
    next = res.json.next;
  }
  assert.deepEqual(seen, bank.questions);
  res = await c.get(`/api/v1/banks/${bank.id}/questions?tag=${encodeURIComponent('乙类')}`);
  assert.equal(res.json.total, 3);
  assert.deepEqual(Object.keys(res.json.items[0]).sort(),
    ['active', 'answer', 'explanation', 'id', 'kind', 'options', 'stem', 'tags', 'updated_at']);
  res = await c.get(`/api/v1/banks/${bank.id}`);
  assert.deepEqual(res.json.tags.sort(), ['乙类', '甲类', '甲类乙'].sort());
  assertError(await c.get(`/api/v1/banks/${bank.id}/questions?active=2`), 400, 'invalid');
  assertError(await c.get(`/api/v1/banks/${bank.id}/questions?kind=essay`), 400, 'invalid');
});

test('removing a question: deleted while no published class draws from the bank, else retired', async () => {
  const c = b.city.c;
  const p = await publishable(c, b.city.org.id);
  const [q0, q1] = p.bank.questions;
  // The bank is only in a draft: the question goes.
  let res = await c.del(`/api/v1/questions/${q0}`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.deleted, true);
  assert.equal(count(p.bank.id), 4);
  assert.equal((await c.post(`/api/v1/banks/${p.bank.id}/questions`, single())).status, 201);
  res = await c.post(`/api/v1/courses/classes/${p.classId}/publish`, {});
  assert.equal(res.status, 200, res.text);
  res = await c.get(`/api/v1/banks/${p.bank.id}`);
  assert.equal(res.json.in_use, true);
  // Now an attempt may hold it: retired, kept.
  res = await c.del(`/api/v1/questions/${q1}`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.deleted, false);
  assert.deepEqual(sql(`SELECT active FROM question WHERE id = ${q1}`), [['0']]);
  res = await c.get(`/api/v1/banks/${p.bank.id}/questions?active=0`);
  assert.deepEqual(res.json.items.map((i) => i.id), [q1]);
  // A draft drawing 5 from the 4 active ones is incomplete.
  await c.request('PUT', `/api/v1/courses/classes/${p.classId}`, { name: '修订', hours: 30 });
  res = await c.post(`/api/v1/courses/classes/${p.classId}/publish`, {});
  assertError(res, 422, 'class_incomplete');
  assert.match(res.json.error.missing.join(), /有效试题只有 4 道/);
  // Restored, it counts again.
  const [row] = (await c.get(`/api/v1/banks/${p.bank.id}/questions?active=0`)).json.items;
  res = await c.request('PUT', `/api/v1/questions/${q1}`, { ...row, active: true });
  assert.equal(res.status, 204, res.text);
  assert.equal((await c.post(`/api/v1/courses/classes/${p.classId}/publish`, {})).status, 200);
  assertError(await c.del('/api/v1/questions/999999999'), 404, 'not_found');
});

test('the template: an .xlsx with the columns and the 题型 dropdown', async () => {
  const res = await fetch(`${(await import('../lib.mjs')).URLS.sdrz}/api/v1/banks/template.xlsx`,
    { headers: { Cookie: b.city.c.cookie } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  assert.match(res.headers.get('content-disposition'), /attachment/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  // The template itself imports nothing: no question rows.
  const bank = await makeBank(b.city.c, 0);
  const r = await importFile(b.city.c, bank.id, bytes);
  assertError(r, 400, 'import_invalid');
  assert.match(r.json.error.errors[0].message, /没有试题/);
  const text = bytes.toString('latin1');
  assert.ok(text.includes('xl/worksheets/sheet1.xml'));
});

test('import: every row checked, errors by row and column, nothing imported until all are right', async () => {
  const c = b.city.c;
  const bank = await makeBank(c, 1);
  const good = ['单选题', '继续教育每年累计不少于多少学时?', '60', '72', '90', null, null, null, null, null, 'C', '第25号令', '继续教育规定'];
  const rows = [
    HEADER,
    good,
    ['多选题', '继续教育内容包括?', '公需科目', '专业科目', '娱乐', null, null, null, null, null, 'a，b', '', '继续教育规定,内容'],
    ['判断题', '专业科目一般不少于三分之二。', null, null, null, null, null, null, null, null, '正确', '', ''],
    ['问答题', '这是什么题?', 'A', 'B', null, null, null, null, null, null, 'A', '', ''],
    ['单选题', '', '甲', '乙', null, null, null, null, null, null, 'A', '', ''],
    ['单选题', '答案超出选项', '甲', '乙', null, null, null, null, null, null, 'D', '', ''],
    ['多选题', '多选只有一个答案', '甲', '乙', '丙', null, null, null, null, null, 'B', '', ''],
    ['单选题', '选项中间空了', '甲', '', '丙', null, null, null, null, null, 'A', '', ''],
    ['判断题', '判断题答案不对', null, null, null, null, null, null, null, null, '也许', '', ''],
    ['单选题', '缺答案', '甲', '乙', null, null, null, null, null, null, '', '', ''],
    [null, null, null, null, null, null, null, null, null, null, null, null, null],
  ];
  let res = await importFile(c, bank.id, xlsx(rows));
  assertError(res, 400, 'import_invalid');
  const got = res.json.error.errors.map((e) => [e.row, e.column, e.cell]);
  assert.deepEqual(got, [
    [5, '题型', 'A5'], [6, '题干', 'B6'], [7, '答案', 'K7'], [8, '答案', 'K8'], [9, '选项B', 'D9'], [10, '答案', 'K10'],
    [11, '答案', 'K11'],
  ], res.text);
  for (const e of res.json.error.errors) assert.match(e.message, /[\u4e00-\u9fff]/);
  assert.match(res.json.error.message, /7 处错误/);
  assert.equal(count(bank.id), 1, 'nothing imported');
  // The right rows alone (inline strings this time): three questions.
  res = await importFile(c, bank.id, xlsx(rows.slice(0, 4), { inline: true }));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.imported, 3);
  assert.equal(count(bank.id), 4);
  assert.deepEqual(sql(`SELECT kind, options, answer, tags FROM question WHERE bank_id = ${bank.id} ORDER BY id DESC LIMIT 3`), [
    ['judge', '["正确","错误"]', '[0]', ''],
    ['multiple', '["公需科目","专业科目","娱乐"]', '[0,1]', '继续教育规定,内容'],
    ['single', '["60","72","90"]', '[2]', '继续教育规定'],
  ]);
  assert.deepEqual(sql(`SELECT action, detail FROM audit_log WHERE subject_type = 'question_bank' AND subject_id = ${bank.id}
    AND action = 'bank.import'`), [['bank.import', '{"questions":3}']]);
  // Shared strings with rich-text runs, numbers as options, headers with a
  // note and a star.
  const header = HEADER.map((h, i) => (i === 0 ? '题型*' : i === 10 ? '答案(填字母)' : h));
  res = await importFile(c, bank.id, xlsx([header,
    ['单选题', ['根据', '《专业技术人员继续教育规定》', ',每年不少于多少学时?'], 60, 72, 90, 120, null, null, null, null, 'C', '', '']]));
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(sql(`SELECT stem, options FROM question WHERE bank_id = ${bank.id} ORDER BY id DESC LIMIT 1`),
    [['根据《专业技术人员继续教育规定》,每年不少于多少学时?', '["60","72","90","120"]']]);
});

test('import refuses what is not a workbook, and outsiders', async () => {
  const c = b.city.c;
  const bank = await makeBank(c, 0);
  for (const bytes of [Buffer.from('not a spreadsheet'), Buffer.from('PK\x03\x04 broken zip'),
    (await import('../courses-lib.mjs')).zip({ 'hello.txt': 'no workbook' })]) {
    const res = await importFile(c, bank.id, bytes);
    assertError(res, 400, 'bad_file');
    assert.ok(res.json.error.fields?.file, res.text);
  }
  const rows = [HEADER, ['判断题', '区县导入', null, null, null, null, null, null, null, null, '正确', '', '']];
  assertError(await importFile(b.district.c, bank.id, xlsx(rows)), 403, 'bureau_required');
  assertError(await importFile(b.unit.c, bank.id, xlsx(rows)), 403, 'bureau_required');
  assert.equal(count(bank.id), 0);
});

test('district bureaus read the banks and cannot change them; a unit\'s admin is refused', async () => {
  const bank = await makeBank(b.city.c, 2);
  const [q] = bank.questions;
  const dc = b.district.c;
  let res = await dc.get(`/api/v1/banks/${bank.id}/questions`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.total, 2);
  res = await dc.get(`/api/v1/banks/${bank.id}`);
  assert.equal(res.json.writable, false);
  const writes = [
    ['POST', '/api/v1/banks', { name: uniqueName('区县题库') }],
    ['PUT', `/api/v1/banks/${bank.id}`, { name: '区县改名' }],
    ['POST', `/api/v1/banks/${bank.id}/questions`, single()],
    ['PUT', `/api/v1/questions/${q}`, single()],
    ['DELETE', `/api/v1/questions/${q}`],
  ];
  for (const [m, path, body] of writes) assertError(await dc.request(m, path, body), 403, 'bureau_required');
  for (const [m, path, body] of [['GET', '/api/v1/banks'], ['GET', `/api/v1/banks/${bank.id}`],
    ['GET', `/api/v1/banks/${bank.id}/questions`], ['GET', '/api/v1/banks/template.xlsx'], ...writes]) {
    assertError(await b.unit.c.request(m, path, body), 403, 'bureau_required');
  }
  assert.equal((await dc.get('/api/v1/banks/template.xlsx')).status, 200);
  assert.equal(count(bank.id), 2);
  assert.deepEqual(sql(`SELECT active FROM question WHERE id = ${q}`), [['1']]);
});
