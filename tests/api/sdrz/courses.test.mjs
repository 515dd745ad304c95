// 公需科目管理: the city bureau builds a class (courses, sections with a
// ready video and a bank), publishing is refused with the list of what is
// missing until the class is complete, an edit after publishing goes to a
// new draft version while the live one stays as it was, courses and
// sections move and go, the class closes; district bureaus read and
// cannot write, a unit's admin is refused; the learners of a class are
// listed with their progress, by key.
import assert from 'node:assert/strict';
import { test, before } from 'node:test';
import { assertError, sql } from '../lib.mjs';
import { freshId } from '../accounts-lib.mjs';
import { uniqueName } from '../orgs-lib.mjs';
import {
  YEAR, bureaus, detail, makeBank, makeClass, publishable, readyVideo, single,
} from '../courses-lib.mjs';

let b;

before(async () => {
  b = await bureaus();
});

test('the city bureau creates a class: a draft first version, audited', async () => {
  const name = uniqueName('公需科目创建');
  const res = await b.city.c.post('/api/v1/courses/classes',
    { category: 'public', year: YEAR, name, intro: '简介\n第二行', hours: 30.5 });
  assert.equal(res.status, 201, res.text);
  const d = await detail(b.city.c, res.json.id);
  assert.equal(d.status, 'draft');
  assert.equal(d.category, 'public');
  assert.equal(d.year, YEAR);
  assert.equal(d.org_id, b.city.org.id);
  assert.equal(d.live_version, null);
  assert.equal(d.writable, true);
  assert.equal(d.editing.version_no, 1);
  assert.equal(d.editing.published, false);
  assert.equal(d.editing.name, name);
  assert.equal(d.editing.intro, '简介\n第二行');
  assert.equal(d.editing.hours, 30.5);
  assert.deepEqual(d.editing.courses, []);
  assert.deepEqual(sql(`SELECT action, actor_org_id FROM audit_log WHERE subject_type = 'course_class'
    AND subject_id = ${res.json.id}`), [['course.create', String(b.city.org.id)]]);
  // It is in the list, filtered by year and status.
  const list = await b.city.c.get(`/api/v1/courses/classes?year=${YEAR}&status=draft&size=100&name=${encodeURIComponent(name)}`);
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((i) => [i.id, i.name, i.status, i.hours]), [[res.json.id, name, 'draft', 30.5]]);
});

test('bad class input gets field errors and makes nothing', async () => {
  const before0 = sql('SELECT COUNT(*) FROM course_class')[0][0];
  const cases = [
    [{ category: 'public', year: YEAR, hours: 30 }, 'name'],
    [{ category: 'other', year: YEAR, name: '甲', hours: 30 }, 'category'],
    [{ category: 'public', year: 2026.5, name: '甲', hours: 30 }, 'year'],
    [{ category: 'public', year: YEAR, name: '甲', hours: 0 }, 'hours'],
    [{ category: 'public', year: YEAR, name: '甲', hours: 12.25 }, 'hours'],
    [{ category: 'public', year: YEAR, name: '甲', hours: 201 }, 'hours'],
    [{ category: 'public', year: YEAR, name: '甲'.repeat(101), hours: 30 }, 'name'],
    [{ category: 'public', year: YEAR, name: '甲\u0001', hours: 30 }, 'name'],
  ];
  for (const [body, field] of cases) {
    const res = await b.city.c.post('/api/v1/courses/classes', body);
    assertError(res, 400, 'invalid');
    assert.ok(res.json.error.fields?.[field], `${JSON.stringify(body)}: ${res.text}`);
  }
  assert.equal(sql('SELECT COUNT(*) FROM course_class')[0][0], before0);
  // The form description the pages read.
  const f = await b.city.c.get('/api/v1/forms/course-section');
  assert.equal(f.status, 200, f.text);
  assert.deepEqual(f.json.fields.map((x) => x.name),
    ['name', 'video_id', 'bank_id', 'bank_tag', 'exam_questions', 'pass_score', 'exam_minutes']);
});

test('publishing is refused with the Chinese list of what is missing, until the class is complete', async () => {
  const c = b.city.c;
  const id = await makeClass(c);
  const publish = () => c.post(`/api/v1/courses/classes/${id}/publish`, {});
  let res = await publish();
  assertError(res, 422, 'class_incomplete');
  assert.equal(res.json.error.missing.length, 1);
  assert.match(res.json.error.missing[0], /课程/);

  res = await c.post(`/api/v1/courses/classes/${id}/courses`, { name: '法律法规', teacher: '王老师' });
  assert.equal(res.status, 201, res.text);
  const course = res.json.id;
  res = await publish();
  assert.equal(res.status, 422, res.text);
  assert.deepEqual(res.json.error.missing, ['课程「法律法规」还没有小节:每门课程至少需要一个小节']);

  res = await c.post(`/api/v1/courses/courses/${course}/sections`, { name: '宪法' });
  assert.equal(res.status, 201, res.text);
  const section = res.json.id;
  res = await publish();
  assert.equal(res.status, 422, res.text);
  assert.deepEqual(res.json.error.missing, ['小节「法律法规 / 宪法」未选择视频', '小节「法律法规 / 宪法」未选择考试题库']);

  // A video still transcoding, a bank of 3 questions tagged for the
  // section (and 2 that are not) for an exam of 5.
  const queued = readyVideo(b.city.org.id, { status: 'processing' });
  const bank = await makeBank(c, 3, { tags: '宪法,法律' });
  for (let i = 0; i < 2; i++) {
    assert.equal((await c.post(`/api/v1/banks/${bank.id}/questions`, single({ tags: '职业道德' }))).status, 201);
  }
  res = await c.request('PUT', `/api/v1/courses/sections/${section}`,
    { name: '宪法', video_id: queued, bank_id: bank.id, bank_tag: '宪法', exam_questions: 5, pass_score: 80 });
  assert.equal(res.status, 204, res.text);
  res = await publish();
  assert.equal(res.status, 422, res.text);
  assert.equal(res.json.error.missing.length, 2, res.text);
  assert.match(res.json.error.missing[0], /视频尚未转码完成.*转码中/);
  assert.match(res.json.error.missing[1], /标签为「宪法」的有效试题只有 3 道,少于考试题数 5 道/);
  assert.equal(sql(`SELECT status, live_version FROM course_class WHERE id = ${id}`)[0].join(), 'draft,NULL');

  // Ready video, three questions of the tag: publishable.
  const video = readyVideo(b.city.org.id);
  res = await c.request('PUT', `/api/v1/courses/sections/${section}`,
    { name: '宪法', video_id: video, bank_id: bank.id, bank_tag: '宪法', exam_questions: 3, pass_score: 80, exam_minutes: 20 });
  assert.equal(res.status, 204, res.text);
  res = await publish();
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'published');
  assert.equal(res.json.draft_version, null);
  assert.equal(res.json.live_version, res.json.editing.version_id);
  assert.equal(res.json.editing.published, true);
  const s = res.json.editing.courses[0].sections[0];
  assert.deepEqual([s.video_id, s.video_status, s.duration_ms, s.bank_id, s.bank_tag, s.exam_questions, s.pass_score, s.exam_minutes],
    [video, 'ready', 60000, bank.id, '宪法', 3, 80, 20]);
  assert.deepEqual(sql(`SELECT action FROM audit_log WHERE subject_type = 'course_class' AND subject_id = ${id} ORDER BY id`),
    [['course.create'], ['course.publish']]);
  // Publishing again: nothing to publish.
  assertError(await publish(), 409, 'nothing_to_publish');
});

test('a section names only the class owner\'s videos and banks; its settings are bounded', async () => {
  const c = b.city.c;
  const id = await makeClass(c);
  const course = (await c.post(`/api/v1/courses/classes/${id}/courses`, { name: '职业道德' })).json.id;
  const foreignVideo = readyVideo(b.unit.org.id);
  const cases = [
    [{ name: '甲', video_id: foreignVideo }, 'video_id'],
    [{ name: '甲', video_id: 999999999 }, 'video_id'],
    [{ name: '甲', bank_id: 999999999 }, 'bank_id'],
    [{ name: '甲', exam_questions: 0 }, 'exam_questions'],
    [{ name: '甲', exam_questions: 101 }, 'exam_questions'],
    [{ name: '甲', pass_score: 101 }, 'pass_score'],
    [{ name: '甲', exam_minutes: 0 }, 'exam_minutes'],
    [{ name: '甲', bank_tag: '甲,乙' }, 'bank_tag'],
    [{ video_id: null }, 'name'],
  ];
  for (const [body, field] of cases) {
    const res = await c.post(`/api/v1/courses/courses/${course}/sections`, body);
    assertError(res, 400, 'invalid');
    assert.ok(res.json.error.fields?.[field], `${JSON.stringify(body)}: ${res.text}`);
  }
  assert.equal(sql(`SELECT COUNT(*) FROM section WHERE course_id = ${course}`)[0][0], '0');
});

test('an edit after publishing makes a draft version (a copy); the live version stays as it was', async () => {
  const c = b.city.c;
  const p = await publishable(c, b.city.org.id);
  let res = await c.post(`/api/v1/courses/classes/${p.classId}/publish`, {});
  assert.equal(res.status, 200, res.text);
  const live = res.json.live_version;
  const liveName = res.json.editing.name;
  const snapshot = () => ({
    version: sql(`SELECT version_no, name, intro, hours, published_at FROM class_version WHERE id = ${live}`),
    courses: sql(`SELECT id, sort, name FROM course WHERE version_id = ${live} ORDER BY id`),
    sections: sql(`SELECT id, course_id, sort, name, video_id, bank_id, exam_questions FROM section WHERE version_id = ${live} ORDER BY id`),
  });
  const before0 = snapshot();

  // A course or section of the live version is frozen.
  res = await c.request('PUT', `/api/v1/courses/courses/${p.courseId}`, { name: '改名' });
  assertError(res, 409, 'version_frozen');
  res = await c.request('PUT', `/api/v1/courses/sections/${p.sectionId}`, { name: '改名' });
  assertError(res, 409, 'version_frozen');
  assertError(await c.del(`/api/v1/courses/sections/${p.sectionId}`), 409, 'version_frozen');
  assertError(await c.del(`/api/v1/courses/courses/${p.courseId}`), 409, 'version_frozen');
  assertError(await c.post(`/api/v1/courses/courses/${p.courseId}/sections`, { name: '新增' }), 409, 'version_frozen');
  assertError(await c.post(`/api/v1/courses/sections/${p.sectionId}/move`, { position: 1 }), 409, 'version_frozen');

  // The first edit of the class makes version 2, copying courses and
  // sections with copied_from.
  res = await c.request('PUT', `/api/v1/courses/classes/${p.classId}`, { name: `${liveName}(修订)`, intro: '新简介', hours: 24 });
  assert.equal(res.status, 200, res.text);
  const d = res.json;
  assert.equal(d.status, 'published');
  assert.equal(d.live_version, live);
  assert.notEqual(d.draft_version, null);
  assert.equal(d.editing.version_id, d.draft_version);
  assert.equal(d.editing.version_no, 2);
  assert.equal(d.editing.published, false);
  assert.equal(d.editing.name, `${liveName}(修订)`);
  assert.equal(d.editing.courses.length, 1);
  const course2 = d.editing.courses[0];
  assert.equal(course2.copied_from, p.courseId);
  assert.notEqual(course2.id, p.courseId);
  assert.equal(course2.sections[0].copied_from, p.sectionId);
  assert.equal(course2.sections[0].video_id, p.videoId);
  assert.equal(course2.sections[0].bank_id, p.bank.id);
  // A second edit goes to the same draft.
  res = await c.request('PUT', `/api/v1/courses/classes/${p.classId}`, { name: `${liveName}(再修订)`, hours: 24 });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.draft_version, d.draft_version);
  assert.equal(sql(`SELECT COUNT(*) FROM class_version WHERE class_id = ${p.classId}`)[0][0], '2');
  // The draft's parts change; the live ones do not.
  res = await c.request('PUT', `/api/v1/courses/courses/${course2.id}`, { name: '法律法规(新)', teacher: '李老师', hours: 0 });
  assert.equal(res.status, 204, res.text);
  res = await c.post(`/api/v1/courses/courses/${course2.id}/sections`, { name: '民法典', video_id: p.videoId, bank_id: p.bank.id });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(snapshot(), before0);
  // A learner's outline is still the live one (the learner portal reads
  // the live version): its name and one section.
  assert.equal(sql(`SELECT name FROM class_version WHERE id = ${live}`)[0][0], liveName);

  // Publishing the draft makes it live; version 1 stays frozen as it was.
  res = await c.post(`/api/v1/courses/classes/${p.classId}/publish`, {});
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.live_version, d.draft_version);
  assert.equal(res.json.draft_version, null);
  assert.equal(res.json.editing.courses[0].sections.length, 2);
  assert.deepEqual(snapshot(), before0);
});

test('POST …/draft makes the draft for the pages; courses and sections move and are removed', async () => {
  const c = b.city.c;
  const p = await publishable(c, b.city.org.id);
  assert.equal((await c.post(`/api/v1/courses/classes/${p.classId}/publish`, {})).status, 200);
  let res = await c.post(`/api/v1/courses/classes/${p.classId}/draft`, {});
  assert.equal(res.status, 200, res.text);
  const draft = res.json.draft_version;
  assert.ok(draft);
  // Again: the same draft.
  res = await c.post(`/api/v1/courses/classes/${p.classId}/draft`, {});
  assert.equal(res.json.draft_version, draft);
  const first = res.json.editing.courses[0].id;
  for (const name of ['职业道德', '继续教育规定']) {
    assert.equal((await c.post(`/api/v1/courses/classes/${p.classId}/courses`, { name })).status, 201);
  }
  const names = async () => (await detail(c, p.classId)).editing.courses.map((x) => x.name);
  assert.deepEqual(await names(), ['法律法规', '职业道德', '继续教育规定']);
  res = await c.post(`/api/v1/courses/courses/${first}/move`, { position: 3 });
  assert.equal(res.status, 204, res.text);
  assert.deepEqual(await names(), ['职业道德', '继续教育规定', '法律法规']);
  res = await c.post(`/api/v1/courses/courses/${first}/move`, { position: 2 });
  assert.deepEqual(await names(), ['职业道德', '法律法规', '继续教育规定']);
  assertError(await c.post(`/api/v1/courses/courses/${first}/move`, { position: 0 }), 400, 'invalid');
  // Sections within their course.
  for (const name of ['第二节', '第三节']) {
    assert.equal((await c.post(`/api/v1/courses/courses/${first}/sections`, { name })).status, 201);
  }
  let d = await detail(c, p.classId);
  let secs = d.editing.courses.find((x) => x.id === first).sections;
  assert.deepEqual(secs.map((s) => s.name), ['第一节', '第二节', '第三节']);
  res = await c.post(`/api/v1/courses/sections/${secs[2].id}/move`, { position: 1 });
  assert.equal(res.status, 204, res.text);
  d = await detail(c, p.classId);
  secs = d.editing.courses.find((x) => x.id === first).sections;
  assert.deepEqual(secs.map((s) => s.name), ['第三节', '第一节', '第二节']);
  // The unlock order follows: course order, then section order.
  const order = sql(`SELECT s.name FROM section s JOIN course c ON c.id = s.course_id WHERE s.version_id = ${draft}
    ORDER BY c.sort, c.id, s.sort, s.id`).map((r) => r[0]);
  assert.deepEqual(order, ['第三节', '第一节', '第二节']);
  // Remove a section, then a course with its sections.
  assert.equal((await c.del(`/api/v1/courses/sections/${secs[0].id}`)).status, 204);
  assert.equal((await c.del(`/api/v1/courses/courses/${first}`)).status, 204);
  assert.deepEqual(await names(), ['职业道德', '继续教育规定']);
  assert.equal(sql(`SELECT COUNT(*) FROM section WHERE course_id = ${first}`)[0][0], '0');
  assertError(await c.del(`/api/v1/courses/courses/${first}`), 404, 'not_found');
});

test('district bureaus read public classes and cannot change them; a unit\'s admin is refused', async () => {
  const p = await publishable(b.city.c, b.city.org.id);
  const snap = () => sql(`SELECT v.id, v.name, v.hours, c.status, c.draft_version FROM course_class c
    JOIN class_version v ON v.class_id = c.id WHERE c.id = ${p.classId} ORDER BY v.id`);
  const before0 = snap();
  const dc = b.district.c;
  let res = await dc.get(`/api/v1/courses/classes/${p.classId}`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.writable, false);
  res = await dc.get('/api/v1/courses/classes?size=100');
  assert.equal(res.status, 200, res.text);
  assert.ok(res.json.items.some((i) => i.id === p.classId));
  assert.equal((await dc.get(`/api/v1/courses/classes/${p.classId}/learners`)).status, 200);
  assert.equal((await dc.get('/api/v1/banks?size=100')).status, 200);
  const writes = [
    ['POST', '/api/v1/courses/classes', { category: 'public', year: YEAR, name: '区县自建', hours: 10 }],
    ['PUT', `/api/v1/courses/classes/${p.classId}`, { name: '区县改名', hours: 10 }],
    ['POST', `/api/v1/courses/classes/${p.classId}/draft`, {}],
    ['POST', `/api/v1/courses/classes/${p.classId}/publish`, {}],
    ['POST', `/api/v1/courses/classes/${p.classId}/close`, {}],
    ['POST', `/api/v1/courses/classes/${p.classId}/courses`, { name: '区县课程' }],
    ['PUT', `/api/v1/courses/courses/${p.courseId}`, { name: '区县改名' }],
    ['DELETE', `/api/v1/courses/courses/${p.courseId}`],
    ['POST', `/api/v1/courses/courses/${p.courseId}/move`, { position: 1 }],
    ['POST', `/api/v1/courses/courses/${p.courseId}/sections`, { name: '区县小节' }],
    ['PUT', `/api/v1/courses/sections/${p.sectionId}`, { name: '区县改名' }],
    ['DELETE', `/api/v1/courses/sections/${p.sectionId}`],
    ['POST', `/api/v1/courses/sections/${p.sectionId}/move`, { position: 1 }],
  ];
  for (const [m, path, body] of writes) {
    const r = await dc.request(m, path, body);
    assertError(r, 403, 'bureau_required');
    assert.match(r.json.error.message, /区县人社局只能查看/);
  }
  // The unit's super admin holds the module but is no HR bureau.
  const uc = b.unit.c;
  for (const [m, path, body] of [['GET', '/api/v1/courses/classes'], ['GET', `/api/v1/courses/classes/${p.classId}`],
    ['GET', `/api/v1/courses/classes/${p.classId}/learners`], ...writes]) {
    assertError(await uc.request(m, path, body), 403, 'bureau_required');
  }
  // A unit's own class or one under it does not exist either.
  assertError(await uc.post('/api/v1/courses/classes', { category: 'professional', year: YEAR, name: '单位自建', hours: 10 }),
    403, 'bureau_required');
  assert.deepEqual(snap(), before0);
});

test('a closed class takes no enrolments and no edits', async () => {
  const c = b.city.c;
  const p = await publishable(c, b.city.org.id);
  assertError(await c.post(`/api/v1/courses/classes/${p.classId}/close`, {}), 409, 'not_published');
  assert.equal((await c.post(`/api/v1/courses/classes/${p.classId}/publish`, {})).status, 200);
  const res = await c.post(`/api/v1/courses/classes/${p.classId}/close`, {});
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.status, 'closed');
  assert.equal(res.json.writable, false);
  assertError(await c.request('PUT', `/api/v1/courses/classes/${p.classId}`, { name: '改名', hours: 3 }), 409, 'class_closed');
  assertError(await c.post(`/api/v1/courses/classes/${p.classId}/courses`, { name: '新课' }), 409, 'class_closed');
  assertError(await c.post(`/api/v1/courses/classes/${p.classId}/close`, {}), 409, 'not_published');
  assert.deepEqual(sql(`SELECT action FROM audit_log WHERE subject_type = 'course_class' AND subject_id = ${p.classId}
    ORDER BY id`), [['course.create'], ['course.publish'], ['course.close']]);
});

test('the learners of a class: name, masked ID, unit, sections passed of all, by key', async () => {
  const c = b.city.c;
  const p = await publishable(c, b.city.org.id);
  let res = await c.post(`/api/v1/courses/classes/${p.classId}/publish`, {});
  const live = res.json.live_version;
  // Three people enrolled (rows as the learner portal writes them), one
  // who passed the section and completed.
  const people = [];
  for (const name of ['学员甲', '学员乙', '学员丙']) {
    const idn = freshId();
    sql(`INSERT INTO person (id_type, id_number, name, password_hash) VALUES ('01', '${idn}', '${name}', 'x')`);
    const [[pid]] = sql(`SELECT id FROM person WHERE id_number = '${idn}'`);
    people.push({ pid: Number(pid), idn, name });
  }
  for (const [i, pp] of people.entries()) {
    sql(`INSERT INTO enrolment (person_id, class_id, version_id, year, category, org_id, status, completed_at)
      VALUES (${pp.pid}, ${p.classId}, ${live}, ${YEAR}, 'public', ${b.unit.org.id}, '${i === 0 ? 'completed' : 'active'}',
      ${i === 0 ? 'NOW(3)' : 'NULL'})`);
  }
  const [[e0]] = sql(`SELECT id FROM enrolment WHERE person_id = ${people[0].pid}`);
  sql(`INSERT INTO section_progress (enrolment_id, section_id, person_id, passed_at, best_score)
    VALUES (${e0}, ${p.sectionId}, ${people[0].pid}, NOW(3), 100)`);
  res = await c.get(`/api/v1/courses/classes/${p.classId}/learners?size=2`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.total, 3);
  assert.equal(res.json.items.length, 2);
  assert.ok(res.json.next, res.text);
  const [first] = res.json.items;
  assert.equal(first.name, '学员甲');
  assert.equal(first.org_name, b.unit.org.name);
  assert.equal(first.passed, 1);
  assert.equal(first.total, 1);
  assert.equal(first.status, 'completed');
  assert.ok(first.completed_at);
  assert.ok(!res.text.includes(people[0].idn), 'ID numbers are masked');
  assert.match(first.id_number_masked, /\*/);
  const page2 = await c.get(`/api/v1/courses/classes/${p.classId}/learners?size=2&page=2&after=${res.json.next}`);
  assert.equal(page2.status, 200, page2.text);
  assert.deepEqual(page2.json.items.map((i) => i.name), ['学员丙']);
  assert.equal(page2.json.next, null);
  // Filters: status and a name prefix.
  res = await c.get(`/api/v1/courses/classes/${p.classId}/learners?status=active&name=${encodeURIComponent('学员')}`);
  assert.deepEqual(res.json.items.map((i) => i.name), ['学员乙', '学员丙']);
  assertError(await c.get(`/api/v1/courses/classes/${p.classId}/learners?status=maybe`), 400, 'invalid');
  // The list shows the count.
  res = await c.get(`/api/v1/courses/classes?year=${YEAR}&size=100`);
  assert.equal(res.json.items.find((i) => i.id === p.classId).learners, 3);
  assertError(await c.get('/api/v1/courses/classes/999999999/learners'), 404, 'not_found');
});
