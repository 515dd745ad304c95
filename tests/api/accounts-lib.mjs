// Helpers of the account tests: valid ID numbers, organisations with
// admins made by sdrzctl, captchas answered from the database, and a small
// cookie-keeping client for one browser's session.
import assert from 'node:assert/strict';
import { api, sdrzctl, sql } from './lib.mjs';

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

// idNumber(region, birth 'YYYYMMDD', seq 3 digits): with its GB 11643 check.
export function idNumber(region, birth, seq) {
  const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * W[i], 0);
  return body + '10X98765432'[sum % 11];
}

// A fresh ID number each call: the birth date and sequence come from a
// counter seeded by the clock, so runs never collide.
let counter = Date.now() % 1_000_000;
export function freshId(female = false) {
  counter += 1;
  const day = 1 + (counter % 28);
  const month = 1 + (Math.floor(counter / 28) % 12);
  const year = 1960 + (Math.floor(counter / 336) % 40);
  // Odd sequence numbers are men's, even ones women's (GB 11643): made
  // directly, so no two counters give the same number.
  const seq = (Math.floor(counter / 13440) % 500) * 2 + (female ? 0 : 1);
  return idNumber('371102', `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`, seq);
}

export function rootId() {
  let rows = sql('SELECT id FROM org WHERE parent_id IS NULL');
  if (rows.length === 0) {
    // A fresh test database: the demo city bureau is the root.
    const r = sdrzctl('demo');
    assert.equal(r.status, 0, r.stderr);
    rows = sql('SELECT id FROM org WHERE parent_id IS NULL');
  }
  assert.equal(rows.length, 1, 'one root organisation');
  return Number(rows[0][0]);
}

// An approved unit under the root, with a super admin; returns ids and login.
export function makeUnit(name, env = {}) {
  const admin = freshId();
  const password = 'Admin2026x';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let r;
  try {
    r = sdrzctl('org-add', '--kind', 'unit', '--parent', String(rootId()),
      '--name', `${name}${Date.now() % 100000}`, '--admin-id', admin, '--admin-name', '赵管理',
      '--admin-password', password);
  } finally {
    process.env = saved;
  }
  assert.equal(r.status, 0, r.stderr);
  const id = Number(/created organisation (\d+)/.exec(r.stdout)[1]);
  return { id, admin, password };
}

export async function captcha(client = new Client()) {
  const res = await client.get('/api/v1/captcha');
  assert.equal(res.status, 200);
  const answer = sql(`SELECT answer FROM captcha WHERE id = '${res.json.id}'`)[0][0];
  return { id: res.json.id, answer, image: res.json.image };
}

// One browser: keeps the session cookie and the CSRF token.
export class Client {
  // from: the local address this browser connects from (see api()).
  constructor(portal = 'sdrz', { from } = {}) {
    this.portal = portal;
    this.from = from;
    this.cookie = null;
    this.csrf = null;
  }

  on(portal) {
    const c = new Client(portal, { from: this.from });
    c.cookie = this.cookie;
    c.csrf = this.csrf;
    return c;
  }

  async request(method, path, body, { csrf = true, headers = {} } = {}) {
    const h = { ...headers };
    if (this.cookie) h.Cookie = this.cookie;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    if (csrf && this.csrf && method !== 'GET') h['X-CSRF-Token'] = this.csrf;
    const res = await api(this.portal, path, {
      method, headers: h, from: this.from, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) {
      const m = /sdrz_sid=([^;]*)/.exec(set);
      if (m) this.cookie = m[1] ? `sdrz_sid=${m[1]}` : null;
    }
    if (res.json && typeof res.json.csrf === 'string') this.csrf = res.json.csrf;
    return res;
  }

  // POST of a public form (the registrations) with a captcha this client
  // fetched and solved, the way a person fills the form's captcha field.
  async postSolved(path, body = {}, opts) {
    const c = await captcha(this);
    return this.post(path, { ...body, captcha_id: c.id, captcha: c.answer.toLowerCase() }, opts);
  }

  get(path, opts) { return this.request('GET', path, undefined, opts); }
  post(path, body, opts) { return this.request('POST', path, body ?? {}, opts); }
  del(path, opts) { return this.request('DELETE', path, undefined, opts); }

  async login(userType, idNumber, password, { idType = '01', wrongCaptcha = false } = {}) {
    const c = await captcha(this);
    return this.post('/api/v1/auth/login', {
      user_type: userType, id_type: idType, id_number: idNumber, password,
      captcha_id: c.id, captcha: wrongCaptcha ? 'zzzzz' : c.answer.toLowerCase(),
    });
  }
}

// A complete personnel registration for unit, with overrides.
export function registration(unitId, overrides = {}) {
  return {
    id_type: '01',
    id_number: freshId(),
    password: 'Study2026a',
    password2: 'Study2026a',
    phone: '13906331234',
    email: 'person@example.cn',
    org_id: unitId,
    dept: '设计部',
    name: '张三',
    gender: '1',
    ethnic: '01',
    education: dictCode('education'),
    school: '山东大学',
    major_code: dictCode('major'),
    graduated_on: '2010-07-01',
    degree: dictCode('degree'),
    postdoc: false,
    ...title(),
    prof_qualification: dictCode('prof_qualification'),
    prof_qualification_level: dictCode('prof_qualification_level'),
    ...overrides,
  };
}

const codes = {};
// Some code of a dictionary, read once from the database.
export function dictCode(dict) {
  if (!codes[dict]) {
    const rows = sql(`SELECT code FROM dict_item WHERE dict = '${dict}' ORDER BY sort, code LIMIT 1`);
    assert.equal(rows.length, 1, `dictionary ${dict} has items`);
    codes[dict] = rows[0][0];
  }
  return codes[dict];
}

let titleRow;
// A qualification with its series and level, as the dictionary links them.
export function title() {
  if (!titleRow) {
    const rows = sql(`SELECT parent_code, attr, code FROM dict_item
      WHERE dict = 'title_qualification' AND parent_code IS NOT NULL AND attr IS NOT NULL
      ORDER BY sort, code LIMIT 1`);
    assert.equal(rows.length, 1, 'a qualification with series and level');
    titleRow = { title_series: rows[0][0], title_level: rows[0][1], title_qualification: rows[0][2] };
  }
  return titleRow;
}
