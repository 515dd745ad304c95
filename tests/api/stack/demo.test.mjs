// The demo data (sdrzctl demo, which ./dev run loads): a newcomer must be
// able to see every page, the 结业证书 among them, so one demo person has a
// completed year with its hours, and the accounts the command prints name
// that person and year. Loading again changes nothing.
//
//   node --test tests/api/stack/demo.test.mjs
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sdrzctl, sql } from '../lib.mjs';
import { DEMO_PASSWORD, signIn } from '../orgs-lib.mjs';

const LAST_YEAR = new Date().getFullYear() - 1;

// The line of the printed accounts that names a completed year:
// "专业技术人员 <ID number> <name> <unit> ... <year>年度学时已合格 ...".
function completedLine(stdout) {
  const lines = stdout.split('\n').filter((l) => l.includes('年度学时已合格'));
  assert.equal(lines.length, 1, `one demo person with a completed year is named:\n${stdout}`);
  const m = /^\s*专业技术人员\s+(\d{17}[\dX])\s+(\S+)\s.*?(\d{4})年度学时已合格/.exec(lines[0]);
  assert.ok(m, `the line names the ID number, the person and the year: ${lines[0]}`);
  return { idNumber: m[1], name: m[2], year: Number(m[3]), line: lines[0] };
}

const recordCount = (idNumber) =>
  Number(sql(`SELECT COUNT(*) FROM hour_record h JOIN person p ON p.id = h.person_id WHERE p.id_number = '${idNumber}'`)[0][0]);

describe('demo data', () => {
  it('names one person with a completed year, who can print its 结业证书', async () => {
    const r = sdrzctl('demo');
    assert.equal(r.status, 0, r.stderr);
    const who = completedLine(r.stdout);
    assert.equal(who.year, LAST_YEAR, 'the completed year is last year');
    assert.ok(recordCount(who.idNumber) > 0, 'the person has hour records');

    const c = await signIn('personnel', who.idNumber, DEMO_PASSWORD, { kind: 'personnel' });
    const years = await c.get('/api/v1/me/years');
    assert.equal(years.status, 200, years.text);
    const done = years.json.find((y) => y.year === who.year);
    assert.ok(done, `the year ${who.year} is listed: ${years.text}`);
    assert.equal(done.complete, true, `the year is complete: ${JSON.stringify(done)}`);
    assert.ok(done.total >= done.rule.total_min, JSON.stringify(done));
    assert.ok(done.professional >= done.rule.professional_min, JSON.stringify(done));
    assert.ok(done.public >= done.rule.public_min, JSON.stringify(done));

    const records = await c.get(`/api/v1/me/years/${who.year}/records`);
    assert.equal(records.status, 200, records.text);
    assert.ok(records.json.length >= 2, `the hours come as records: ${records.text}`);
    const sum = records.json.reduce((s, x) => s + x.hours, 0);
    assert.equal(sum, done.total, 'the records add up to the year');

    const cert = await c.post('/api/v1/me/certificates', { kind: 'completion', year: who.year });
    assert.equal(cert.status, 201, `the 结业证书 of the year: ${cert.text}`);
    assert.match(cert.json.number, /\S/);
  });

  it('loading the demo again adds no hours', () => {
    const first = sdrzctl('demo');
    assert.equal(first.status, 0, first.stderr);
    const who = completedLine(first.stdout);
    const before = recordCount(who.idNumber);
    const again = sdrzctl('demo');
    assert.equal(again.status, 0, again.stderr);
    assert.equal(completedLine(again.stdout).idNumber, who.idNumber);
    assert.equal(recordCount(who.idNumber), before, 'the same records');
  });
});
