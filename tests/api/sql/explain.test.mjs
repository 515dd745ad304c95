// The subtree predicate of the lists (ORG_SUBTREE_OF in fcgi/lib/org.h,
// read from the source so that this checks what the programs run) is a
// range scan of the path index at the demo's scale, and 人员管理's count
// and page reach the personnel through it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { ROOT, sdrzctl, sql } from '../lib.mjs';

// The macro's SQL with the alias o.
function subtreeOf(alias) {
  const src = readFileSync(join(ROOT, 'fcgi', 'lib', 'org.h'), 'utf8');
  const m = src.match(/#define ORG_SUBTREE_OF\(o\)((?:.*\\\n)*.*)/);
  assert.ok(m, 'ORG_SUBTREE_OF is defined in org.h');
  const body = m[1].replace(/\\\n/g, ' ');
  // " " o ".path LIKE ..." : string literals joined, o replaced.
  const parts = [...body.matchAll(/"((?:[^"\\]|\\.)*)"|\bo\b/g)].map((x) => (x[1] !== undefined ? x[1] : alias));
  return parts.join('').replace(/\\(.)/g, '$1');
}

// EXPLAIN of a statement whose ? are the given values, as rows of objects.
function explain(query, ...values) {
  const q = query.replace(/'/g, "''");
  const sets = values.map((v, i) => `SET @v${i} = ${v};`).join(' ');
  const using = values.length ? ` USING ${values.map((_, i) => `@v${i}`).join(', ')}` : '';
  const rows = sql(`${sets} PREPARE s FROM 'EXPLAIN ${q}'; EXECUTE s${using};`);
  return rows.map(([id, selectType, table, type, possibleKeys, key, keyLen, ref, n, extra]) =>
    ({ id, selectType, table, type, possibleKeys, key, keyLen, ref, rows: Number(n), extra }));
}

let district;

before(() => {
  const r = sdrzctl('demo');
  assert.equal(r.status, 0, r.stderr);
  [[district]] = sql("SELECT id FROM org WHERE name = '东港区人力资源和社会保障局'");
  assert.ok(district, 'the demo has the 东港区 bureau');
});

test('the subtree predicate binds the top and is a range scan of ix_org_path', () => {
  const pred = subtreeOf('o');
  assert.match(pred, /^ o\.path LIKE CONCAT\(\(SELECT .* WHERE .*= \?\), '%'\)$/);
  const [o] = explain(`SELECT COUNT(*) FROM org o WHERE${pred}`, district).filter((r) => r.table === 'o');
  assert.equal(o.type, 'range', JSON.stringify(o));
  assert.equal(o.key, 'ix_org_path');
  // The subtree holds the bureau and what lies under it, not the city.
  const [[inside]] = sql(`SELECT COUNT(*) FROM org WHERE path LIKE CONCAT((SELECT path FROM org WHERE id = ${district}), '%')`);
  const [[all]] = sql('SELECT COUNT(*) FROM org');
  assert.ok(Number(inside) > 1 && Number(inside) < Number(all), `${inside} of ${all}`);
});

test('人员管理 of a district: organisations by the path index, personnel by their organisation', () => {
  const pred = subtreeOf('o');
  const plan = explain(`SELECT COUNT(*) FROM personnel pe JOIN org o ON o.id = pe.org_id
    JOIN person p ON p.id = pe.person_id WHERE${pred} AND pe.status = 'approved'`, district);
  const o = plan.find((r) => r.table === 'o');
  const pe = plan.find((r) => r.table === 'pe');
  assert.equal(o.key, 'ix_org_path', JSON.stringify(plan));
  assert.equal(o.type, 'range', JSON.stringify(plan));
  assert.equal(pe.type, 'ref', JSON.stringify(plan));
  assert.equal(pe.key, 'ix_personnel_org_status');
});

test('the old form, a pattern taken from a joined row, could not use the index', () => {
  // Why the predicate binds the top's id: the same test against a joined
  // (const) row reads the whole index.
  const [o] = explain(`SELECT COUNT(*) FROM org o JOIN org t ON t.id = ?
    WHERE LEFT(o.path, CHAR_LENGTH(t.path)) = t.path`, district).filter((r) => r.table === 'o');
  assert.notEqual(o.type, 'range', JSON.stringify(o));
});
