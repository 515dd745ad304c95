// Helpers of the tests of 公需科目管理 (classes, courses, sections) and of
// the question banks: the bureaus and a unit signed in, videos that are
// ready (rows as the transcoding job leaves them), banks with questions,
// classes built to be published, and .xlsx workbooks built by hand (a
// zip of the parts Excel writes) for the import.
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { api, sql } from './lib.mjs';
import { rootId } from './accounts-lib.mjs';
import { orgAdd, signInAdmin, signInCity, uniqueName } from './orgs-lib.mjs';

export const YEAR = new Date().getFullYear();

// The city bureau, a district bureau under it and a unit, their super
// admins signed in: {city, district, unit} each {c, org}.
export async function bureaus() {
  const { c: city, org } = await signInCity();
  const d = orgAdd({ kind: 'hrb_district', parent: rootId(), name: '课程测试区人社局', region: '379903' });
  const u = orgAdd({ kind: 'unit', parent: rootId(), name: '课程测试单位' });
  return {
    city: { c: city, org },
    district: { c: await signInAdmin(d), org: d },
    unit: { c: await signInAdmin(u), org: u },
  };
}

// readyVideo(orgId, {status, duration}): a video row of the organisation
// as `sdrzctl video-transcode` leaves it (status ready, HLS in dir).
export function readyVideo(orgId, { status = 'ready', duration = 60_000, name } = {}) {
  const [[by]] = sql(`SELECT person_id FROM org_admin WHERE org_id = ${orgId} AND is_super = 1 LIMIT 1`);
  const n = name ?? `${uniqueName('测试视频')}.mp4`;
  sql(`INSERT INTO video (org_id, uploaded_by, name, size, received, status, dir, duration_ms, width, height,
    renditions, segment_seconds) VALUES (${orgId}, ${by}, '${n}', 1000, 1000, '${status}',
    ${status === 'ready' ? `'v-test-${Date.now()}'` : 'NULL'}, ${status === 'ready' ? duration : 'NULL'},
    640, 360, ${status === 'ready' ? '\'[{"name":"360p","height":360,"bandwidth":800000}]\'' : 'NULL'}, 10)`);
  const [[id]] = sql(`SELECT MAX(id) FROM video WHERE org_id = ${orgId}`);
  return Number(id);
}

// A single-choice question body, with overrides.
export function single(overrides = {}) {
  return {
    kind: 'single', stem: uniqueName('专业技术人员每年参加继续教育累计不少于多少学时?'),
    options: ['60学时', '72学时', '90学时', '120学时'], answer: [2],
    explanation: '人社部令第25号第八条', tags: '继续教育规定', ...overrides,
  };
}

// makeBank(c, n, {tags}): a bank of the client's organisation with n
// single-choice questions; returns {id, name, questions: [ids]}.
export async function makeBank(c, n, { tags = '继续教育规定' } = {}) {
  const name = uniqueName('测试题库');
  const res = await c.post('/api/v1/banks', { name });
  assert.equal(res.status, 201, res.text);
  const id = res.json.id;
  const questions = [];
  for (let i = 0; i < n; i++) {
    const q = await c.post(`/api/v1/banks/${id}/questions`, single({ tags }));
    assert.equal(q.status, 201, q.text);
    questions.push(q.json.id);
  }
  return { id, name, questions };
}

// makeClass(c, body): a new public class of this year; its id.
export async function makeClass(c, body = {}) {
  const res = await c.post('/api/v1/courses/classes', {
    category: 'public', year: YEAR, name: uniqueName('公需科目培训班'), intro: '测试用培训班', hours: 30, ...body,
  });
  assert.equal(res.status, 201, res.text);
  assert.ok(Number.isInteger(res.json.id), res.text);
  return res.json.id;
}

// publishable(c, orgId): a class with one course and one complete section
// (a ready video, a bank of 5 questions); {classId, courseId, sectionId,
// videoId, bank}.
export async function publishable(c, orgId) {
  const classId = await makeClass(c);
  const bank = await makeBank(c, 5);
  const videoId = readyVideo(orgId);
  let res = await c.post(`/api/v1/courses/classes/${classId}/courses`, { name: '法律法规' });
  assert.equal(res.status, 201, res.text);
  const courseId = res.json.id;
  res = await c.post(`/api/v1/courses/courses/${courseId}/sections`, {
    name: '第一节', video_id: videoId, bank_id: bank.id, exam_questions: 5, pass_score: 60,
  });
  assert.equal(res.status, 201, res.text);
  return { classId, courseId, sectionId: res.json.id, videoId, bank };
}

// detail(c, id): GET the class, 200.
export async function detail(c, id) {
  const res = await c.get(`/api/v1/courses/classes/${id}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

// ---- .xlsx by hand ----

const CRC = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// zip(files): a zip archive of {name: text|Buffer}, deflated.
export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const packed = deflateRawSync(data);
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    locals.push(local, nameBuf, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const colName = (i) => (i < 26 ? String.fromCharCode(65 + i) : colName(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

// xlsx(rows, {inline, rich}): a workbook whose first sheet holds rows (an
// array of arrays of strings or numbers; null: no cell). Strings go to
// the shared strings (inline: as inline strings); rich: a cell text given
// as ['part', 'part'] becomes a rich-text run per part. The sheet part is
// not at the usual name, so only a reader that follows the relationships
// finds it; a second sheet comes first in the zip but second in the
// workbook.
export function xlsx(rows, { inline = false } = {}) {
  const shared = [];
  const index = new Map();
  const sharedOf = (key, xml) => {
    if (!index.has(key)) {
      index.set(key, shared.length);
      shared.push(xml);
    }
    return index.get(key);
  };
  const rowXml = rows.map((cells, r) => {
    const cs = cells.map((v, i) => {
      if (v === null || v === undefined) return '';
      const ref = `${colName(i)}${r + 1}`;
      if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
      if (Array.isArray(v)) {
        const runs = v.map((p, k) => `<r>${k ? '<rPr><b/></rPr>' : ''}<t xml:space="preserve">${esc(p)}</t></r>`).join('');
        return `<c r="${ref}" t="s"><v>${sharedOf(`rich:${v.join('|')}`, `<si>${runs}<rPh sb="0" eb="1"><t>フリガナ</t></rPh></si>`)}</v></c>`;
      }
      if (inline) return `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
      return `<c r="${ref}" t="s"><v>${sharedOf(v, `<si><t xml:space="preserve">${esc(v)}</t></si>`)}</v></c>`;
    }).join('');
    return `<row r="${r + 1}">${cs}</row>`;
  }).join('');
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zip({
    'xl/worksheets/other.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>不是这张</t></is></c></row></sheetData></worksheet>`,
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns} ${rns}><sheets><sheet name="试题" sheetId="1" r:id="rId7"/><sheet name="其他" sheetId="2" r:id="rId3"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="${rel}/worksheet" Target="worksheets/other.xml"/><Relationship Id="rId7" Type="${rel}/worksheet" Target="/xl/worksheets/questions.xml"/><Relationship Id="rId9" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/worksheets/questions.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData>${rowXml}</sheetData></worksheet>`,
    'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?><sst ${ns} count="${shared.length}" uniqueCount="${shared.length}">${shared.join('')}</sst>`,
  });
}

// The template's header row.
export const HEADER = ['题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '选项G', '选项H', '答案', '解析', '标签'];

// importFile(client, bankId, bytes, name): POST the workbook as the pages
// do (multipart, field file); the raw answer.
export function importFile(client, bankId, bytes, name = '试题.xlsx') {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), name);
  const headers = {};
  if (client.cookie) headers.Cookie = client.cookie;
  if (client.csrf) headers['X-CSRF-Token'] = client.csrf;
  return api(client.portal, `/api/v1/banks/${bankId}/import`, { method: 'POST', headers, body: form });
}
