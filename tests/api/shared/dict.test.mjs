// The reference dictionaries (sql/002_dict.sql) through GET /api/v1/dicts:
// their sizes, known codes of the national standards, search by name and
// code, the parent filter, and the errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { api, assertChinese, assertError } from '../lib.mjs';

const DICTS = [
  'id_type', 'ethnic', 'education', 'degree', 'title_series', 'title_level',
  'title_qualification', 'prof_qualification', 'prof_qualification_level',
  'industry', 'unit_nature', 'admin_level', 'major', 'region',
];

async function items(name, params = {}) {
  const qs = new URLSearchParams(params).toString();
  const res = await api('sdrz', `/api/v1/dicts/${name}${qs ? `?${qs}` : ''}`);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(res.json.dict.name, name);
  assert.ok(Array.isArray(res.json.items));
  return res.json;
}

const byCode = (list) => new Map(list.map((i) => [i.code, i]));

test('GET /api/v1/dicts lists every dictionary with a Chinese label and its size', async () => {
  const res = await api('sdrz', '/api/v1/dicts');
  assert.equal(res.status, 200, res.text);
  const names = res.json.dicts.map((d) => d.name);
  for (const n of DICTS) assert.ok(names.includes(n), `dictionary ${n}`);
  for (const d of res.json.dicts) {
    assertChinese(d.label, `${d.name}.label`);
    assert.equal(typeof d.hierarchical, 'boolean');
    assert.ok(d.count > 0, `${d.name} has items`);
    assert.equal(typeof d.source, 'string');
  }
  const tq = res.json.dicts.find((d) => d.name === 'title_qualification');
  assert.equal(tq.parent_dict, 'title_series');
});

test('every item of every dictionary has a parent that exists, one level up', async () => {
  for (const name of DICTS) {
    const { dict, items: list, truncated } = await items(name);
    assert.equal(truncated, false);
    assert.equal(list.length, dict.count, `${name}: all items without a limit`);
    const own = byCode(list);
    assert.equal(own.size, list.length, `${name}: codes are unique`);
    const parents = dict.parent_dict ? byCode((await items(dict.parent_dict)).items) : own;
    for (const it of list) {
      assert.match(it.code, /^[A-Z0-9]+$/, `${name} ${it.code}`);
      assert.ok(it.name.length > 0);
      if (it.parent === null) {
        assert.equal(it.level, 1, `${name} ${it.code} is on top`);
        continue;
      }
      const p = parents.get(it.parent);
      assert.ok(p, `${name} ${it.code}: parent ${it.parent} exists`);
      assert.equal(it.parent_name, p.name);
      assert.equal(it.level, p.level + 1, `${name} ${it.code}: one level below its parent`);
    }
  }
});

test('ethnic: the 56 groups of GB/T 3304, 01 汉族 … 56 基诺族, and 97/98', async () => {
  const { items: list } = await items('ethnic');
  const groups = list.filter((i) => Number(i.code) >= 1 && Number(i.code) <= 56);
  assert.equal(groups.length, 56);
  assert.deepEqual(groups.map((i) => i.code),
    Array.from({ length: 56 }, (_, k) => String(k + 1).padStart(2, '0')));
  assert.equal(new Set(groups.map((i) => i.name)).size, 56);
  const m = byCode(list);
  assert.equal(m.get('01').name, '汉族');
  assert.equal(m.get('03').name, '回族');
  assert.equal(m.get('08').name, '壮族');
  assert.equal(m.get('11').name, '满族');
  assert.equal(m.get('56').name, '基诺族');
  assert.equal(m.get('97').name, '其他');
  assert.equal(m.get('98').name, '外国血统中国籍人士');
  assert.equal(list.length, 58);
});

test('industry: GB/T 4754-2017, 20 sections and 97 divisions under them', async () => {
  const { items: list } = await items('industry');
  const sections = list.filter((i) => i.level === 1);
  const divisions = list.filter((i) => i.level === 2);
  assert.deepEqual(sections.map((i) => i.code), 'ABCDEFGHIJKLMNOPQRST'.split(''));
  assert.deepEqual(divisions.map((i) => i.code),
    Array.from({ length: 97 }, (_, k) => String(k + 1).padStart(2, '0')));
  const m = byCode(list);
  assert.equal(m.get('I').name, '信息传输、软件和信息技术服务业');
  assert.equal(m.get('65').name, '软件和信息技术服务业');
  assert.equal(m.get('65').parent, 'I');
  assert.equal(m.get('13').parent, 'C');
  assert.equal(m.get('43').parent, 'C');
  assert.equal(m.get('83').name, '教育');
  assert.equal(m.get('97').parent, 'T');

  const { items: kids } = await items('industry', { parent: 'I' });
  assert.deepEqual(kids.map((i) => i.code), ['63', '64', '65']);
  assert.equal(kids[2].parent_name, '信息传输、软件和信息技术服务业');
  const { items: top } = await items('industry', { parent: '' });
  assert.equal(top.length, 20);
});

test('major: the 12 categories and 93 classes of the undergraduate catalogue', async () => {
  const { items: list } = await items('major');
  const cats = list.filter((i) => i.level === 1);
  const classes = list.filter((i) => i.level === 2);
  assert.deepEqual(cats.map((i) => i.code),
    ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '12', '13']);
  assert.equal(classes.length, 93);
  for (const c of classes) {
    assert.match(c.code, /^\d{4}$/);
    assert.equal(c.parent, c.code.slice(0, 2));
    assert.match(c.name, /类$/);
  }
  for (const m of list.filter((i) => i.level === 3)) {
    assert.match(m.code, /^\d{6}(T|K|TK)?$/);
    assert.equal(m.parent, m.code.slice(0, 4));
  }
  const m = byCode(list);
  assert.equal(m.get('01').name, '哲学');
  assert.equal(m.get('13').name, '艺术学');
  assert.equal(m.has('11'), false, '11 军事学 is not in the general catalogue');
  assert.equal(m.get('0101').name, '哲学类');
  assert.equal(m.get('0809').name, '计算机类');
  assert.equal(m.get('0832').name, '交叉工程类');
  assert.equal(m.get('1305').name, '设计学类');
  assert.equal(m.get('080901').name, '计算机科学与技术');
  assert.equal(m.get('101101').name, '护理学');
  assert.equal(m.get('120203K').name, '会计学');
  // Classes per category, as the catalogue has them.
  const per = {};
  for (const c of classes) per[c.parent] = (per[c.parent] ?? 0) + 1;
  assert.deepEqual(per, {
    '01': 1, '02': 4, '03': 6, '04': 2, '05': 3, '06': 1, '07': 12,
    '08': 32, '09': 7, '10': 11, '12': 9, '13': 5,
  });
});

test('major: searched by name (the picker) and by code prefix', async () => {
  const r = await items('major', { q: '计算机' });
  const codes = r.items.map((i) => i.code);
  assert.ok(codes.includes('0809') && codes.includes('080901'), codes.join());
  for (const i of r.items) assert.match(i.name, /计算机/);
  // Classes before majors; an exact name first of all.
  assert.equal(r.items[0].code, '0809');
  const exact = await items('major', { q: '软件工程' });
  assert.equal(exact.items[0].code, '080902');
  assert.equal(exact.items[0].parent_name, '计算机类');

  const byPrefix = await items('major', { q: '0809' });
  assert.ok(byPrefix.items.length > 5);
  for (const i of byPrefix.items) assert.ok(i.code.startsWith('0809'), i.code);

  // A search answers 50 items by default, at most `limit`, and says so.
  const wide = await items('major', { q: '工程' });
  assert.equal(wide.items.length, 50);
  assert.equal(wide.truncated, true);
  const three = await items('major', { q: '工程', limit: '3' });
  assert.equal(three.items.length, 3);
  assert.ok(three.items[0].name.startsWith('工程'), 'names starting with the text come first');

  // LIKE wildcards in the text are plain characters.
  assert.equal((await items('major', { q: '%' })).items.length, 0);
  assert.equal((await items('major', { q: '_' })).items.length, 0);
  assert.equal((await items('major', { q: '无此专业' })).items.length, 0);
  // Within one class only.
  const inClass = await items('major', { parent: '0809', q: '工程' });
  assert.ok(inClass.items.length >= 2);
  for (const i of inClass.items) assert.equal(i.parent, '0809');
});

test('region: Rizhao and its districts, counties and zones', async () => {
  const { items: list } = await items('region', { parent: '371100' });
  const m = byCode(list);
  assert.equal(m.get('371102').name, '东港区');
  assert.equal(m.get('371103').name, '岚山区');
  assert.equal(m.get('371121').name, '五莲县');
  assert.equal(m.get('371122').name, '莒县');
  assert.equal(m.get('371171').name, '日照经济技术开发区');
  for (const zone of ['日照国际海洋城', '日照山海天旅游度假区', '日照高新技术产业开发区']) {
    assert.ok(list.some((i) => i.name === zone), zone);
  }
  const one = await api('sdrz', '/api/v1/dicts/region/371102');
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.item.name, '东港区');
  assert.deepEqual(one.json.path.map((p) => p.name), ['山东省', '日照市']);
});

test('titles: series, levels and the qualifications of each series and level', async () => {
  const series = byCode((await items('title_series')).items);
  assert.equal(series.get('05').name, '工程技术人员');
  assert.equal(series.get('04').name, '卫生技术人员');
  assert.equal(series.get('22').name, '中小学教师');
  const levels = byCode((await items('title_level')).items);
  assert.deepEqual([...levels.values()].map((l) => l.name),
    ['正高级', '副高级', '中级', '助理级', '员级', '无']);

  const { items: all } = await items('title_qualification');
  for (const q of all) {
    assert.ok(series.has(q.parent), `${q.code} under a series`);
    assert.ok(levels.has(q.attr), `${q.code} has a level`);
  }
  // Engineering: 技术员 … 正高级工程师, one per level.
  const eng = (await items('title_qualification', { parent: '05' })).items;
  const lv = Object.fromEntries(eng.map((q) => [q.name, q.attr]));
  assert.equal(lv['技术员'], '5');
  assert.equal(lv['助理工程师'], '4');
  assert.equal(lv['工程师'], '3');
  assert.equal(lv['高级工程师'], '2');
  assert.equal(lv['正高级工程师'], '1');
  const senior = (await items('title_qualification', { parent: '05', attr: '2' })).items;
  assert.deepEqual(senior.map((q) => q.name), ['高级工程师']);
  // Health: the four tracks, 医士 … 主任医师 and 护士 … 主任护师.
  const health = (await items('title_qualification', { parent: '04' })).items.map((q) => q.name);
  for (const n of ['医士', '医师', '主治医师', '副主任医师', '主任医师',
    '护士', '护师', '主管护师', '副主任护师', '主任护师', '药士', '技士']) {
    assert.ok(health.includes(n), n);
  }
  const school = (await items('title_qualification', { parent: '22' })).items;
  assert.deepEqual(school.map((q) => q.name), ['正高级教师', '高级教师', '一级教师', '二级教师', '三级教师']);
  const uni = (await items('title_qualification', { parent: '01' })).items;
  assert.deepEqual(uni.map((q) => [q.name, q.attr]),
    [['教授', '1'], ['副教授', '2'], ['讲师', '3'], ['助教', '4']]);

  const one = await api('sdrz', '/api/v1/dicts/title_qualification/083');
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json.item.name, '工程师');
  assert.equal(one.json.item.parent_name, '工程技术人员');
  assert.deepEqual(one.json.path, [{ dict: 'title_series', code: '05', name: '工程技术人员' }]);
});

test('id types, education, degrees, qualifications, natures and ranks', async () => {
  const id = byCode((await items('id_type')).items);
  assert.equal(id.get('01').name, '居民身份证');
  assert.ok([...id.values()].some((i) => /护照/.test(i.name)));
  assert.ok([...id.values()].some((i) => i.name.includes('台湾居民来往大陆通行证')));
  assert.ok([...id.values()].some((i) => i.name.includes('外国人永久居留身份证')));

  const edu = byCode((await items('education')).items);
  assert.equal(edu.get('11').name, '博士研究生毕业');
  assert.equal(edu.get('11').parent, '10');
  assert.equal(edu.get('21').name, '大学本科毕业');
  assert.equal(edu.get('31').name, '大学专科毕业');
  assert.equal(edu.get('90').name, '其他');

  const deg = byCode((await items('degree')).items);
  assert.equal(deg.get('2').name, '博士');
  assert.equal(deg.get('3').name, '硕士');
  assert.equal(deg.get('4').name, '学士');
  assert.equal(deg.get('408').name, '工学学士学位');
  assert.equal(deg.get('408').parent, '4');
  assert.ok([...deg.values()].some((d) => d.name === '无学位'));

  const pq = (await items('prof_qualification')).items;
  const top = pq.filter((q) => q.level === 1 && q.code !== '00');
  assert.equal(top.length, 59, 'the 59 items of the 2021 catalogue');
  assert.equal(top.filter((q) => q.attr === '准入类').length, 33);
  assert.equal(top.filter((q) => q.attr === '水平评价类').length, 26);
  const names = pq.map((q) => q.name);
  for (const n of ['教师资格', '法律职业资格', '注册会计师', '注册建筑师', '监理工程师', '建造师',
    '注册安全工程师', '护士执业资格', '社会工作者职业资格', '注册结构工程师', '医师']) {
    assert.ok(names.includes(n), n);
  }
  const pql = (await items('prof_qualification_level')).items.map((l) => l.name);
  for (const n of ['无', '一级', '二级', '初级', '中级', '高级']) assert.ok(pql.includes(n), n);

  const nat = (await items('unit_nature')).items.map((n) => n.name);
  for (const n of ['机关', '事业单位', '国有企业', '私营企业', '社会团体']) assert.ok(nat.includes(n), n);
  const adm = byCode((await items('admin_level')).items);
  assert.equal(adm.get('141').name, '乡科级正职');
  assert.equal(adm.get('150').name, '科员级');
  assert.ok([...adm.values()].some((a) => a.name === '无'));
});

test('unknown dictionaries, codes and parents are 404 with a Chinese message', async () => {
  assertError(await api('sdrz', '/api/v1/dicts/no_such_dict'), 404, 'not_found');
  assertError(await api('sdrz', '/api/v1/dicts/Not-A-Name'), 404, 'not_found');
  assertError(await api('sdrz', '/api/v1/dicts/no_such_dict/01'), 404, 'not_found');
  assertError(await api('sdrz', '/api/v1/dicts/ethnic/99'), 404, 'not_found');
  assertError(await api('sdrz', '/api/v1/dicts/ethnic/%E6%B1%89'), 404, 'not_found');
  assertError(await api('sdrz', '/api/v1/dicts/major?parent=9999'), 404, 'not_found');
});

test('bad parameters are 400 invalid, other methods 405', async () => {
  assertError(await api('sdrz', '/api/v1/dicts/major?parent=08%2509'), 400, 'invalid');
  assertError(await api('sdrz', '/api/v1/dicts/major?attr=a%27b'), 400, 'invalid');
  for (const limit of ['0', '201', 'x', '-1', '']) {
    assertError(await api('sdrz', `/api/v1/dicts/major?q=a&limit=${limit}`), 400, 'invalid');
  }
  const long = encodeURIComponent('计'.repeat(51));
  assertError(await api('sdrz', `/api/v1/dicts/major?q=${long}`), 400, 'invalid');
  const ok = encodeURIComponent('计'.repeat(50));
  assert.equal((await api('sdrz', `/api/v1/dicts/major?q=${ok}`)).status, 200);

  const res = await api('sdrz', '/api/v1/dicts/ethnic', { method: 'POST' });
  assertError(res, 405, 'method_not_allowed');
  assert.match(res.headers.get('allow') ?? '', /GET/);
});
