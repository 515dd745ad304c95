// Codes join on indexes: a column that stores a
// dictionary code has the character set and collation of dict_item.code, so
// the lookup of a code's name is a primary-key lookup (eq_ref or const)
// instead of a scan of the whole dictionary.
//
// The statements are the library's own: every string literal of the C
// sources under fcgi/ is read through the C preprocessor (so the SQL
// macros are expanded), every lookup of a code's name in them is found and
// EXPLAINed on the test database, and so is the whole statement that
// answers GET /api/v1/me.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, api, sql } from '../lib.mjs';
import { Client, dictCode, rootId } from '../accounts-lib.mjs';
import { approvedPersonnel, orgAdd, signInAdmin, signInCity } from '../orgs-lib.mjs';

// ---- the library's SQL, as the compiler sees it ----

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

// The -I flags of the configured build (the libraries' headers).
function buildIncludes() {
  const flags = new Set();
  const makefile = readFileSync(join(ROOT, 'build', 'Makefile'), 'utf8');
  for (const m of makefile.matchAll(/^[A-Z0-9_]+_CFLAGS = (.*)$/gm)) {
    for (const f of m[1].split(/\s+/)) if (f.startsWith('-I')) flags.add(f);
  }
  return [...flags];
}

// Every sequence of adjacent string literals of a preprocessed C file, as
// one text each (what the compiler concatenates).
function literals(text) {
  const out = [];
  const re = /"((?:[^"\\\n]|\\.)*)"/g;
  let m;
  let cur = null;
  let end = -1;
  while ((m = re.exec(text)) !== null) {
    const s = m[1].replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t' })[c] ?? c);
    if (cur !== null && /^\s*$/.test(text.slice(end, m.index))) cur += s;
    else {
      if (cur !== null) out.push(cur);
      cur = s;
    }
    end = re.lastIndex;
  }
  if (cur !== null) out.push(cur);
  return out;
}

const SOURCES = walk(join(ROOT, 'fcgi')).filter((f) => f.endsWith('.c'));
const HEADER_DIRS = [...new Set(walk(join(ROOT, 'fcgi')).filter((f) => f.endsWith('.h'))
  .map((f) => f.slice(0, f.lastIndexOf('/'))))];

function preprocess(file) {
  return execFileSync('gcc', ['-E', '-P', '-D_GNU_SOURCE',
    ...HEADER_DIRS.map((d) => `-I${d}`), ...buildIncludes(), file],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

const TEXTS = new Map(SOURCES.map((f) => [f, literals(preprocess(f))]));

// The text of `static const char NAME[] = "..." "...";` in a source file.
function statement(file, name) {
  const text = preprocess(join(ROOT, file));
  const at = text.search(new RegExp(`\\b${name}\\[\\]\\s*=`));
  assert.ok(at >= 0, `${name} in ${file}`);
  const rest = text.slice(at, text.indexOf(';', text.indexOf('=', at)));
  return literals(rest).join('');
}

// Every lookup of a code's name: a subquery (SELECT name FROM dict_item
// WHERE dict = 'd' AND code = a.col) or a join of dict_item on a constant
// dictionary and a column; the alias resolved to its table in the same
// statement.
const KEYWORDS = new Set(['on', 'where', 'join', 'straight_join', 'left', 'inner', 'and', 'group', 'order', 'limit']);
function lookups() {
  const found = [];
  for (const [file, texts] of TEXTS) {
    for (const s of texts) {
      const aliases = new Map();
      for (const m of s.matchAll(/\b(?:FROM|JOIN|STRAIGHT_JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi)) {
        const alias = m[2] && !KEYWORDS.has(m[2].toLowerCase()) ? m[2] : m[1];
        aliases.set(alias, m[1]);
      }
      const add = (dict, alias, column) => {
        const table = aliases.get(alias);
        assert.ok(table, `the table of ${alias}.${column} in ${file}: ${s}`);
        found.push({ file, dict, table, column });
      };
      for (const m of s.matchAll(/\(\s*SELECT\s+(?:\w+\.)?name\s+FROM\s+dict_item(?:\s+\w+)?\s+WHERE\s+(?:\w+\.)?dict\s*=\s*'(\w+)'\s+AND\s+(?:\w+\.)?code\s*=\s*(\w+)\.(\w+)\s*\)/gi)) {
        add(m[1], m[2], m[3]);
      }
      for (const m of s.matchAll(/JOIN\s+dict_item\s+(\w+)\s+ON\s+\1\.dict\s*=\s*'(\w+)'\s+AND\s+\1\.code\s*=\s*(\w+)\.(\w+)/gi)) {
        add(m[2], m[3], m[4]);
      }
    }
  }
  return found;
}

// EXPLAIN rows as objects.
function explain(query) {
  const cols = ['id', 'select_type', 'table', 'type', 'possible_keys', 'key', 'key_len', 'ref', 'rows', 'Extra'];
  return sql(`EXPLAIN ${query}`).map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i]])));
}

// A literal for a bound value.
const lit = (v) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
function bind(query, values) {
  let i = 0;
  const out = query.replace(/\?/g, () => {
    assert.ok(i < values.length, `more parameters than values in ${query}`);
    return lit(values[i++]);
  });
  assert.equal(i, values.length, `as many values as parameters in ${query}`);
  return out;
}

// Each dictionary row of the plan is a primary-key lookup, and there are as
// many of them as the statement names dict_item (none hidden by an
// "Impossible WHERE").
function assertKeyLookups(query, what) {
  const plan = explain(query);
  const aliases = new Set(['dict_item']);
  for (const m of query.matchAll(/\b(?:FROM|JOIN)\s+dict_item\s+(?:AS\s+)?(\w+)/gi)) {
    if (!KEYWORDS.has(m[1].toLowerCase())) aliases.add(m[1]);
  }
  const rows = plan.filter((r) => aliases.has(r.table));
  const uses = [...query.matchAll(/\b(?:FROM|JOIN)\s+dict_item\b/gi)].length;
  assert.equal(rows.length, uses, `${what}: every dictionary lookup is in the plan\n${JSON.stringify(plan, null, 1)}`);
  for (const r of rows) {
    assert.ok(['eq_ref', 'const'].includes(r.type),
      `${what}: dictionary lookup ${r.table} is ${r.type} on ${r.key} reading ${r.rows} rows, not eq_ref/const\n${JSON.stringify(plan, null, 1)}`);
  }
  return plan;
}

function collation(table, column) {
  const rows = sql(`SELECT CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLUMNS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${table}' AND COLUMN_NAME = '${column}'`);
  assert.equal(rows.length, 1, `column ${table}.${column} exists`);
  return rows[0].join(' ');
}

// ---- the checks ----

test('every column that stores a dictionary code has the collation of dict_item.code', () => {
  const code = collation('dict_item', 'code');
  assert.equal(code, 'ascii ascii_bin');
  const columns = {
    person: ['id_type'],
    personnel: ['ethnic', 'education', 'major_code', 'degree', 'admin_level', 'title_series',
      'title_level', 'title_qualification', 'prof_qualification', 'prof_qualification_level'],
    org: ['nature', 'industry', 'level', 'region_code'],
    dict_item: ['parent_code'],
  };
  for (const l of lookups()) {
    if (!columns[l.table]) columns[l.table] = [];
    if (!columns[l.table].includes(l.column)) columns[l.table].push(l.column);
  }
  for (const [table, cols] of Object.entries(columns)) {
    for (const c of cols) assert.equal(collation(table, c), code, `${table}.${c}`);
  }
});

test('every lookup of a code\'s name in the library is a primary-key lookup', () => {
  const found = lookups();
  const seen = new Set(found.map((l) => `${l.table}.${l.column}`));
  // The lookups the pages depend on today; the scan finds them all.
  for (const c of ['personnel.title_qualification', 'personnel.major_code', 'personnel.ethnic',
    'personnel.title_series', 'person.id_type', 'org.nature', 'org.industry', 'org.level',
    'org.region_code']) {
    assert.ok(seen.has(c), `a lookup of ${c} is found (found: ${[...seen].join(', ')})`);
  }
  const probed = new Set();
  for (const l of found) {
    const key = `${l.table}.${l.column}.${l.dict}`;
    if (probed.has(key)) continue;
    probed.add(key);
    // The outer table scanned (no constant row), so the lookup is planned
    // per row as the lists run it; the primary key named, because for a
    // dictionary of a few items the covering index (dict, name) costs the
    // same: what is checked is that (dict, code) can serve the lookup.
    assertKeyLookups(`SELECT (SELECT name FROM dict_item FORCE INDEX (PRIMARY)
      WHERE dict = '${l.dict}' AND code = t.${l.column}) FROM ${l.table} t`, `${l.table}.${l.column} in ${l.file.slice(ROOT.length + 1)}`);
  }
});

test('GET /api/v1/me: its statement reads each dictionary by primary key', async () => {
  rootId();
  const unit = orgAdd({ kind: 'unit', parent: rootId(), name: '码表单位' });
  const admin = await signInAdmin(unit);
  const p = await approvedPersonnel(unit.id, admin, { admin_level: dictCode('admin_level') });
  const c = new Client();
  const res = await c.login('personnel', p.body.id_number, p.body.password);
  assert.equal(res.status, 200, res.text);
  const me = await c.get('/api/v1/me');
  assert.equal(me.status, 200, me.text);
  assert.ok(me.json.personnel.title_qualification_name, me.text);
  assert.ok(me.json.personnel.major_name, me.text);

  const token = /sdrz_sid=([0-9a-f]{64})/.exec(c.cookie)[1];
  const hash = createHash('sha256').update(token).digest('hex');
  assert.equal(sql(`SELECT COUNT(*) FROM session WHERE token_hash = '${hash}'`)[0][0], '1');
  // The session's statement brings the answer (session.c); acct.c's
  // serves a session that sign-in just made.
  assertKeyLookups(bind(statement('fcgi/lib/session.c', 'SQL_LOAD'), [hash, 30]),
    'GET /api/v1/me (the session with its person)');
  assertKeyLookups(bind(statement('fcgi/lib/acct.c', 'SQL_ME'), [p.personId]), 'the person alone');
});

test('the registration detail, an organisation and a dictionary item read codes by primary key', async () => {
  const unit = orgAdd({ kind: 'unit', parent: rootId(), name: '码表详情单位' });
  // Every coded field set, so that no lookup is planned away.
  sql(`UPDATE org SET nature = '${dictCode('unit_nature')}', industry = '${dictCode('industry')}',
    level = '${dictCode('org_level')}' WHERE id = ${unit.id}`);
  const admin = await signInAdmin(unit);
  const p = await approvedPersonnel(unit.id, admin, { admin_level: dictCode('admin_level') });

  assertKeyLookups(bind(statement('fcgi/lib/acct.c', 'SQL_REG_DETAIL'), [p.reviewId, unit.id]),
    'GET /api/v1/reviews/personnel-registrations/:id');
  assertKeyLookups(bind(statement('fcgi/lib/org.c', 'SQL_DETAIL'), [unit.id]), 'GET /api/v1/org');
  const [[qual]] = sql(`SELECT code FROM dict_item WHERE dict = 'title_qualification'
    AND parent_code IS NOT NULL LIMIT 1`);
  assertKeyLookups(bind(statement('fcgi/lib/dict.c', 'SQL_LOOKUP'), ['title_qualification', qual]),
    'GET /api/v1/dicts/:name/:code');
});

test('a code filter that is not a code is refused, not a database error', async () => {
  const { c: city } = await signInCity();
  for (const arg of ['nature', 'industry', 'level', 'region']) {
    const res = await city.get(`/api/v1/orgs?${arg}=${encodeURIComponent('中文')}`);
    assert.equal(res.status, 400, `${arg}: ${res.text}`);
    assert.equal(res.json.error.code, 'invalid');
  }
  const res = await city.get(`/api/v1/hours/query?region=${encodeURIComponent('中文')}`);
  assert.equal(res.status, 400, res.text);
  assert.equal(res.json.error.code, 'invalid');
  // A code of the right shape that no organisation has: an empty page.
  const none = await city.get('/api/v1/orgs?nature=ZZ9');
  assert.equal(none.status, 200, none.text);
  assert.equal(none.json.total, 0);
  const health = await api('sdrz', '/api/v1/health');
  assert.equal(health.status, 200);
});
