// Accounts: registration, captcha, sign-in and its errors, sessions shared
// by the three portals, CSRF, lockout, passwords, and the unit's review.
import assert from 'node:assert/strict';
import { test, describe, before } from 'node:test';
import { assertError, sql } from '../lib.mjs';
import {
  Client, captcha, freshId, makeUnit, registration, rootId,
} from '../accounts-lib.mjs';

let unitA;
let unitB;

before(() => {
  unitA = makeUnit('测试甲单位');
  unitB = makeUnit('测试乙单位');
});

async function adminOf(unit) {
  const c = new Client();
  const res = await c.login('unit', unit.admin, unit.password);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.role.kind, 'admin');
  assert.equal(res.json.role.org_id, unit.id);
  return c;
}

async function register(unitId, overrides) {
  const body = registration(unitId, overrides);
  const res = await new Client().postSolved('/api/v1/register/personnel', body);
  return { res, body };
}

function reviewIdOf(idNumber) {
  const rows = sql(`SELECT r.id FROM review r JOIN person p ON p.id = r.subject_id
    WHERE r.kind = 'personnel_reg' AND p.id_number = '${idNumber}' ORDER BY r.id DESC LIMIT 1`);
  return Number(rows[0][0]);
}

async function approved(unit) {
  const { res, body } = await register(unit.id);
  assert.equal(res.status, 201, res.text);
  const admin = await adminOf(unit);
  const d = await admin.post('/api/v1/reviews/personnel-registrations/decide',
    { ids: [reviewIdOf(body.id_number)], decision: 'approve' });
  assert.equal(d.status, 200, d.text);
  assert.equal(d.json.done, 1);
  return body;
}

describe('captcha', () => {
  test('a PNG data URL whose answer is kept for five minutes', async () => {
    const c = await captcha();
    assert.match(c.id, /^[0-9a-f]{32}$/);
    assert.match(c.image, /^data:image\/png;base64,iVBORw0KGgo/);
    assert.match(c.answer, /^[A-Za-z0-9]{4,8}$/);
    const [[ttl]] = sql(`SELECT TIMESTAMPDIFF(SECOND, NOW(3), expires_at) FROM captcha WHERE id = '${c.id}'`);
    assert.ok(Number(ttl) > 290 && Number(ttl) <= 300, `ttl ${ttl}`);
  });

  test('is single use, and a wrong answer is refused', async () => {
    const person = await approved(unitA);
    const c = await captcha();
    const body = {
      user_type: 'personnel', id_type: '01', id_number: person.id_number,
      password: person.password, captcha_id: c.id, captcha: c.answer,
    };
    assert.equal((await new Client().post('/api/v1/auth/login', body)).status, 200);
    assertError(await new Client().post('/api/v1/auth/login', body), 400, 'captcha_wrong');
    const wrong = await new Client().login('personnel', person.id_number, person.password, { wrongCaptcha: true });
    assertError(wrong, 400, 'captcha_wrong');
  });

  test('an expired captcha is refused', async () => {
    const person = await approved(unitA);
    const c = await captcha();
    sql(`UPDATE captcha SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE id = '${c.id}'`);
    const res = await new Client().post('/api/v1/auth/login', {
      user_type: 'personnel', id_type: '01', id_number: person.id_number,
      password: person.password, captcha_id: c.id, captcha: c.answer,
    });
    assertError(res, 400, 'captcha_wrong');
  });
});

describe('registration', () => {
  test('succeeds with the manual\'s answer; birth date and gender come from the ID', async () => {
    const id = freshId(true);
    const { res } = await register(unitA.id, { id_number: id.toLowerCase(), gender: '1' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.message, '注册信息已提交审核,请耐心等待');
    const [[gender, birth, status, org]] = sql(`SELECT p.gender, p.birth_date, pe.status, pe.org_id
      FROM person p JOIN personnel pe ON pe.person_id = p.id WHERE p.id_number = '${id.toUpperCase()}'`);
    assert.equal(gender, '2', 'the ID number says female');
    assert.equal(birth, `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
    assert.equal(status, 'pending');
    assert.equal(Number(org), unitA.id);
    const [[n]] = sql(`SELECT COUNT(*) FROM review r JOIN person p ON p.id = r.subject_id
      WHERE p.id_number = '${id.toUpperCase()}' AND r.status = 'pending' AND r.org_id = ${unitA.id}`);
    assert.equal(n, '1');
  });

  test('names every missing required field', async () => {
    const res = await new Client().postSolved('/api/v1/register/personnel', {});
    assertError(res, 400, 'invalid');
    for (const f of ['id_type', 'id_number', 'password', 'phone', 'email', 'org_id', 'dept', 'name',
      'gender', 'ethnic', 'education', 'school', 'major_code', 'graduated_on', 'degree', 'postdoc',
      'title_series', 'title_level', 'title_qualification', 'prof_qualification',
      'prof_qualification_level']) {
      assert.ok(res.json.error.fields[f], `field ${f} is reported`);
    }
  });

  test('refuses bad values field by field and stores nothing', async () => {
    const id = freshId();
    const bad = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const cases = [
      [{ id_number: bad }, 'id_number'],
      [{ id_number: '37110219800230001X' }, 'id_number'],
      [{ password: 'short1', password2: 'short1' }, 'password'],
      [{ password: 'onlyletters', password2: 'onlyletters' }, 'password'],
      [{ password2: 'Other2026a' }, 'password2'],
      [{ phone: '1234' }, 'phone'],
      [{ email: 'not-an-email' }, 'email'],
      [{ org_id: 999999999 }, 'org_id'],
      [{ ethnic: '99x' }, 'ethnic'],
      [{ graduated_on: '2010-02-30' }, 'graduated_on'],
      [{ id_type: '02', id_number: 'E1234567' }, 'birth_date'],
      [{ name: '张三3' }, 'name'],
      [{ title_level: '9' }, 'title_level'],
    ];
    for (const [over, field] of cases) {
      const { res } = await register(unitA.id, { id_number: id, ...over });
      assert.ok(res.status === 400, `${JSON.stringify(over)}: ${res.text}`);
      assert.ok(res.json.error.fields?.[field], `${JSON.stringify(over)} names ${field}: ${res.text}`);
    }
    assert.equal(sql(`SELECT COUNT(*) FROM person WHERE id_number = '${id}'`)[0][0], '0');
  });

  test('a unit that is not approved cannot be chosen', async () => {
    const [[pendingId]] = sql(`SELECT id FROM org WHERE status = 'approved' LIMIT 1`);
    sql(`INSERT INTO org (parent_id, kind, name, status, path) VALUES (${rootId()}, 'unit', '未审核单位${Date.now()}', 'pending', '/x/')`);
    const [[orgId]] = sql('SELECT MAX(id) FROM org');
    // A path as the tree keeps it: the parent's and its own id.
    sql(`UPDATE org o JOIN org p ON p.id = o.parent_id SET o.path = CONCAT(p.path, o.id, '/') WHERE o.id = ${orgId}`);
    assert.notEqual(orgId, pendingId);
    const picker = await new Client().get(`/api/v1/orgs/picker?q=${encodeURIComponent('未审核单位')}`);
    assert.equal(picker.status, 200);
    assert.equal(picker.json.length, 0, 'the picker offers only approved units');
    const { res } = await register(Number(orgId));
    assertError(res, 400, 'invalid');
    assert.ok(res.json.error.fields.org_id);
  });

  test('the picker finds approved units by name', async () => {
    const res = await new Client().get(`/api/v1/orgs/picker?q=${encodeURIComponent('测试甲单位')}`);
    assert.equal(res.status, 200);
    assert.ok(res.json.some((o) => o.id === unitA.id), res.text);
    assert.ok(res.json.every((o) => o.name.includes('测试甲单位')));
  });

  test('the same ID cannot register twice for the same role', async () => {
    const { res, body } = await register(unitA.id);
    assert.equal(res.status, 201);
    const again = await new Client().postSolved('/api/v1/register/personnel', { ...body, existing_user: true });
    assertError(again, 409, 'already_registered');
    assert.match(again.json.error.fields.id_number, /等待单位审核/);
    const fresh = await new Client().postSolved('/api/v1/register/personnel', body);
    assertError(fresh, 409, 'already_registered');
    assert.match(fresh.json.error.fields.id_number, /正在等待所在单位审核/);
    assert.equal(sql(`SELECT COUNT(*) FROM review r JOIN person p ON p.id = r.subject_id
      WHERE p.id_number = '${body.id_number}'`)[0][0], '1');
  });

  test('an existing user (a unit admin) registers as personnel with their own password', async () => {
    const unit = makeUnit('兼任单位');
    const wrong = await new Client().postSolved('/api/v1/register/personnel', registration(unitA.id, {
      id_number: unit.admin, name: '赵管理', existing_user: true, password: 'Wrong2026x', password2: undefined,
    }));
    assertError(wrong, 400, 'invalid');
    assert.ok(wrong.json.error.fields.password);
    const notTicked = await new Client().postSolved('/api/v1/register/personnel', registration(unitA.id, {
      id_number: unit.admin, name: '赵管理', password: unit.password, password2: unit.password,
    }));
    assertError(notTicked, 409, 'already_registered');
    const ok = await new Client().postSolved('/api/v1/register/personnel', registration(unitA.id, {
      id_number: unit.admin, name: '赵管理', existing_user: true, password: unit.password, password2: undefined,
    }));
    assert.equal(ok.status, 201, ok.text);
  });
});

describe('sign-in', () => {
  test('a pending registration is told who must approve it', async () => {
    const { body } = await register(unitA.id);
    const res = await new Client().login('personnel', body.id_number, body.password);
    assertError(res, 403, 'not_approved');
    assert.match(res.json.error.message, /此账号还未被审核/);
    assert.match(res.json.error.message, /测试甲单位/);
  });

  test('wrong password and unknown account get one message and take the same time', async () => {
    const person = await approved(unitA);
    const t0 = Date.now();
    const wrong = await new Client().login('personnel', person.id_number, 'Nope2026xx');
    const t1 = Date.now();
    const unknown = await new Client().login('personnel', freshId(), 'Nope2026xx');
    const t2 = Date.now();
    assertError(wrong, 401, 'bad_credentials');
    assertError(unknown, 401, 'bad_credentials');
    assert.equal(wrong.json.error.message, unknown.json.error.message);
    // Both pay one argon2id verification: neither is several times faster.
    assert.ok((t2 - t1) * 3 > (t1 - t0), `unknown ${t2 - t1} ms vs known ${t1 - t0} ms`);
  });

  test('locks the account after 5 failures in 15 minutes', async () => {
    const person = await approved(unitA);
    for (let i = 0; i < 4; i += 1) {
      assertError(await new Client().login('personnel', person.id_number, 'Nope2026xx'), 401, 'bad_credentials');
    }
    assertError(await new Client().login('personnel', person.id_number, 'Nope2026xx'), 429, 'account_locked');
    const right = await new Client().login('personnel', person.id_number, person.password);
    assertError(right, 429, 'account_locked');
    const [[n]] = sql(`SELECT COUNT(*) FROM audit_log a JOIN person p ON p.id = a.subject_id
      WHERE a.action = 'auth.login_locked' AND p.id_number = '${person.id_number}'`);
    assert.ok(Number(n) >= 2, 'the lockout is audited');
    // Fifteen minutes later the account opens again.
    sql(`UPDATE login_attempt SET at = at - INTERVAL 16 MINUTE WHERE id_number = '${person.id_number}'`);
    assert.equal((await new Client().login('personnel', person.id_number, person.password)).status, 200);
  });

  test('each wrong password says how many attempts remain before this address is locked', async () => {
    const person = await approved(unitA);
    for (let left = 4; left >= 1; left -= 1) {
      const res = await new Client().login('personnel', person.id_number, 'Nope2026xx');
      assertError(res, 401, 'bad_credentials');
      assert.match(res.json.error.message, new RegExp(`还可尝试 ${left} 次`), res.json.error.message);
    }
    const locked = await new Client().login('personnel', person.id_number, 'Nope2026xx');
    assertError(locked, 429, 'account_locked');
    assert.match(locked.json.error.message, /15 分钟/);
    assert.match(locked.json.error.message, /忘记密码/);
  });

  test('an address that locks itself out does not stop the owner signing in from another address', async () => {
    const person = await approved(unitA);
    const attacker = { from: '127.0.0.1' };
    for (let i = 0; i < 4; i += 1) {
      assertError(await new Client('sdrz', attacker).login('personnel', person.id_number, 'Nope2026xx'), 401, 'bad_credentials');
    }
    assertError(await new Client('sdrz', attacker).login('personnel', person.id_number, 'Nope2026xx'), 429, 'account_locked');
    // The locked pair stays locked, even with the right password...
    assertError(await new Client('sdrz', attacker).login('personnel', person.id_number, person.password), 429, 'account_locked');
    // ...while the owner, elsewhere, signs in at once.
    const owner = new Client('sdrz', { from: '127.0.0.2' });
    const res = await owner.login('personnel', person.id_number, person.password);
    assert.equal(res.status, 200, res.text);
    const [[ips]] = sql(`SELECT GROUP_CONCAT(DISTINCT ip ORDER BY ip) FROM login_attempt WHERE id_number = '${person.id_number}'`);
    assert.equal(ips, '127.0.0.1,127.0.0.2', 'the portal saw both client addresses');
    assertError(await new Client('sdrz', attacker).login('personnel', person.id_number, person.password), 429, 'account_locked');
  });

  test('failures piling up mail the owner once, and slow the account down instead of locking it', async () => {
    const email = `owner${Date.now() % 1000000}@example.cn`;
    const { res: reg, body: person } = await register(unitA.id, { email });
    assert.equal(reg.status, 201, reg.text);
    const admin = await adminOf(unitA);
    await admin.post('/api/v1/reviews/personnel-registrations/decide', { ids: [reviewIdOf(person.id_number)], decision: 'approve' });
    const mails = () => sql(`SELECT subject, REPLACE(body, '\n', ' ') FROM mail_outbox WHERE to_addr = '${email}'`);
    for (const from of ['127.0.0.3', '127.0.0.4']) {
      for (let i = 0; i < 5; i += 1) {
        await new Client('sdrz', { from }).login('personnel', person.id_number, 'Nope2026xx');
      }
      // One mail when the failures reach five, not one per failure.
      const m = mails();
      assert.equal(m.length, 1, JSON.stringify(m));
      assert.match(m[0][0], /登录/);
      assert.match(m[0][1], /127\.0\.0\.3/);
      assert.match(m[0][1], /修改密码|忘记密码/);
    }
    // Ten failures from two addresses: a third address must wait a little,
    // and is told how long; it is not locked out.
    const owner = new Client('sdrz', { from: '127.0.0.5' });
    const slowed = await owner.login('personnel', person.id_number, person.password);
    assertError(slowed, 429, 'login_slowed');
    assert.match(slowed.json.error.message, /\d+ 秒后/);
    assert.ok(Number(slowed.headers.get('retry-after')) >= 1, `Retry-After: ${slowed.headers.get('retry-after')}`);
    sql(`UPDATE login_attempt SET at = at - INTERVAL 61 SECOND WHERE id_number = '${person.id_number}'`);
    const ok = await owner.login('personnel', person.id_number, person.password);
    assert.equal(ok.status, 200, ok.text);
    const [[n]] = sql(`SELECT COUNT(*) FROM audit_log a JOIN person p ON p.id = a.subject_id
      WHERE a.action = 'auth.login_slowed' AND p.id_number = '${person.id_number}'`);
    assert.equal(n, '1', 'the slow-down is audited');
  });

  test('a rejected registration is told the reason and may register again', async () => {
    const { body } = await register(unitA.id);
    const admin = await adminOf(unitA);
    const d = await admin.post('/api/v1/reviews/personnel-registrations/decide',
      { ids: [reviewIdOf(body.id_number)], decision: 'reject', reason: '工作部门填写有误' });
    assert.equal(d.json.done, 1, d.text);
    const res = await new Client().login('personnel', body.id_number, body.password);
    assertError(res, 403, 'registration_rejected');
    assert.match(res.json.error.message, /工作部门填写有误/);
    const again = await new Client().postSolved('/api/v1/register/personnel', { ...body, existing_user: true, dept: '技术部' });
    assert.equal(again.status, 201, again.text);
    assertError(await new Client().login('personnel', body.id_number, body.password), 403, 'not_approved');
  });

  test('a user type the person does not hold is refused', async () => {
    const person = await approved(unitA);
    assertError(await new Client().login('hrb', person.id_number, person.password), 403, 'no_role');
  });

  test('several roles of one type wait for a choice, and the choice can change', async () => {
    const unit1 = makeUnit('双角色甲');
    const admin = new Client();
    // The same person becomes the admin of a second unit.
    const r = (await import('../lib.mjs')).sdrzctl('org-add', '--kind', 'unit', '--parent', String(rootId()),
      '--name', `双角色乙${Date.now() % 100000}`, '--admin-id', unit1.admin, '--admin-name', '赵管理',
      '--admin-password', unit1.password);
    assert.equal(r.status, 0, r.stderr);
    const unit2 = Number(/created organisation (\d+)/.exec(r.stdout)[1]);
    const res = await admin.login('unit', unit1.admin, unit1.password);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.role, null);
    assert.deepEqual(res.json.roles.map((x) => x.org_id).sort(), [unit1.id, unit2].sort());
    assertError(await admin.get('/api/v1/reviews/personnel-registrations'), 403, 'admin_required');
    const pick = await admin.post('/api/v1/auth/role', { kind: 'admin', org_id: unit2 });
    assert.equal(pick.status, 200, pick.text);
    assert.equal(pick.json.role.org_id, unit2);
    assertError(await admin.post('/api/v1/auth/role', { kind: 'admin', org_id: unitB.id }), 403, 'role_unavailable');
    const sw = await admin.post('/api/v1/auth/role', { kind: 'admin', org_id: unit1.id });
    assert.equal(sw.json.role.org_id, unit1.id);
  });

  test('raises the hash cost at sign-in when the configuration asks more', async () => {
    const weak = makeUnit('弱哈希单位', { SDRZ_ARGON2_M_COST_KIB: '1024', SDRZ_ARGON2_T_COST: '1' });
    const before = sql(`SELECT password_hash FROM person WHERE id_number = '${weak.admin}'`)[0][0];
    assert.match(before, /\$m=1024,t=1,/);
    assert.equal((await new Client().login('unit', weak.admin, weak.password)).status, 200);
    const after = sql(`SELECT password_hash FROM person WHERE id_number = '${weak.admin}'`)[0][0];
    assert.notEqual(after, before);
    assert.doesNotMatch(after, /\$m=1024,t=1,/);
    assert.match(after, /^\$argon2id\$v=19\$/);
  });
});

describe('sessions', () => {
  test('one sign-in serves the three portals, and sign-out ends it on all', async () => {
    const person = await approved(unitA);
    const c = new Client();
    const res = await c.login('personnel', person.id_number, person.password);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('set-cookie'), /sdrz_sid=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Lax/);
    const [[stored]] = sql(`SELECT COUNT(*) FROM session WHERE token_hash = SHA2('${c.cookie.slice(9)}', 256)`);
    assert.equal(stored, '1', 'only the hash of the token is stored');
    assert.equal(sql(`SELECT COUNT(*) FROM session WHERE token_hash = '${c.cookie.slice(9)}'`)[0][0], '0');
    for (const portal of ['sdrz', 'gxk', 'zyk']) {
      const me = await c.on(portal).get('/api/v1/me');
      assert.equal(me.status, 200, `${portal}: ${me.text}`);
      assert.equal(me.json.name, person.name);
      assert.equal(me.json.personnel.org_id, unitA.id);
    }
    assert.equal((await c.on('zyk').post('/api/v1/auth/logout')).status, 204);
    for (const portal of ['sdrz', 'gxk', 'zyk']) {
      assertError(await c.on(portal).get('/api/v1/me'), 401, 'not_signed_in');
    }
  });

  test('the session check answers 200 signed_in false without a session, and after sign-out', async () => {
    for (const portal of ['sdrz', 'gxk', 'zyk']) {
      const anon = await new Client(portal).get('/api/v1/auth/session');
      assert.equal(anon.status, 200, `${portal}: ${anon.text}`);
      assert.deepEqual(anon.json, { signed_in: false });
    }
    const person = await approved(unitA);
    const c = new Client();
    assert.equal((await c.login('personnel', person.id_number, person.password)).status, 200);
    const mine = await c.get('/api/v1/auth/session');
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.json.signed_in, true);
    assert.equal(mine.json.name, person.name);
    const stale = c.cookie;
    assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
    // The ended session's cookie is no session: the same anonymous answer.
    const gone = await new Client().get('/api/v1/auth/session', { headers: { Cookie: stale } });
    assert.equal(gone.status, 200, gone.text);
    assert.deepEqual(gone.json, { signed_in: false });
    // Everything else still needs a session.
    assertError(await new Client().get('/api/v1/me'), 401, 'not_signed_in');
  });

  test('an idle or expired session is refused', async () => {
    const person = await approved(unitA);
    const c = new Client();
    await c.login('personnel', person.id_number, person.password);
    const hash = `SHA2('${c.cookie.slice(9)}', 256)`;
    sql(`UPDATE session SET last_seen_at = NOW(3) - INTERVAL 31 MINUTE WHERE token_hash = ${hash}`);
    assertError(await c.get('/api/v1/me'), 401, 'not_signed_in');
    const d = new Client();
    await d.login('personnel', person.id_number, person.password);
    sql(`UPDATE session SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE token_hash = SHA2('${d.cookie.slice(9)}', 256)`);
    assertError(await d.get('/api/v1/me'), 401, 'not_signed_in');
  });

  test('a state change needs this session\'s CSRF token', async () => {
    const person = await approved(unitA);
    const a = new Client();
    const b = new Client();
    await a.login('personnel', person.id_number, person.password);
    await b.login('personnel', person.id_number, person.password);
    assertError(await a.post('/api/v1/auth/logout', {}, { csrf: false }), 403, 'csrf_invalid');
    assertError(await a.post('/api/v1/auth/logout', {}, { csrf: false, headers: { 'X-CSRF-Token': b.csrf } }),
      403, 'csrf_invalid');
    assert.equal((await a.get('/api/v1/me')).status, 200, 'the refused sign-out changed nothing');
    assert.equal((await a.post('/api/v1/auth/logout')).status, 204);
  });
});

describe('passwords', () => {
  test('forgot password: a single-use link by mail, valid 30 minutes', async () => {
    const person = await approved(unitA);
    const c = await captcha();
    const mailsBefore = Number(sql('SELECT COALESCE(MAX(id), 0) FROM mail_outbox')[0][0]);
    const wrongMail = await new Client().post('/api/v1/auth/forgot', {
      id_type: '01', id_number: person.id_number, email: 'other@example.cn', captcha_id: c.id, captcha: c.answer,
    });
    assert.equal(wrongMail.status, 200);
    assert.equal(sql(`SELECT COUNT(*) FROM mail_outbox WHERE id > ${mailsBefore}`)[0][0], '0');
    const c2 = await captcha();
    const ok = await new Client().post('/api/v1/auth/forgot', {
      id_type: '01', id_number: person.id_number, email: person.email.toUpperCase(), captcha_id: c2.id, captcha: c2.answer,
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.json.message, wrongMail.json.message, 'the same answer either way');
    const [[to, body]] = sql(`SELECT to_addr, REPLACE(body, '\n', ' ') FROM mail_outbox WHERE id > ${mailsBefore}`);
    assert.equal(to, person.email);
    const token = /reset-password\?token=([0-9a-f]{64})/.exec(body)[1];
    const mismatch = await new Client().post('/api/v1/auth/reset', { token, password: 'New2026pass', password2: 'New2026pasz' });
    assertError(mismatch, 400, 'invalid');
    const reset = await new Client().post('/api/v1/auth/reset', { token, password: 'New2026pass', password2: 'New2026pass' });
    assert.equal(reset.status, 204, reset.text);
    assertError(await new Client().login('personnel', person.id_number, person.password), 401, 'bad_credentials');
    assert.equal((await new Client().login('personnel', person.id_number, 'New2026pass')).status, 200);
    const reuse = await new Client().post('/api/v1/auth/reset', { token, password: 'Other2026x', password2: 'Other2026x' });
    assertError(reuse, 410, 'reset_invalid');
  });

  test('an expired reset link is refused', async () => {
    const person = await approved(unitA);
    const c = await captcha();
    const before = Number(sql('SELECT COALESCE(MAX(id), 0) FROM mail_outbox')[0][0]);
    await new Client().post('/api/v1/auth/forgot', {
      id_type: '01', id_number: person.id_number, email: person.email, captcha_id: c.id, captcha: c.answer,
    });
    const [[body]] = sql(`SELECT REPLACE(body, '\n', ' ') FROM mail_outbox WHERE id > ${before}`);
    const token = /token=([0-9a-f]{64})/.exec(body)[1];
    sql('UPDATE password_reset SET expires_at = NOW(3) - INTERVAL 1 SECOND WHERE used_at IS NULL');
    const res = await new Client().post('/api/v1/auth/reset', { token, password: 'New2026pass', password2: 'New2026pass' });
    assertError(res, 410, 'reset_invalid');
  });

  test('change password needs the old one and ends the other sessions', async () => {
    const person = await approved(unitA);
    const a = new Client();
    const b = new Client();
    await a.login('personnel', person.id_number, person.password);
    await b.login('personnel', person.id_number, person.password);
    const wrong = await a.post('/api/v1/auth/password', { old_password: 'Nope2026xx', password: 'Fresh2026x', password2: 'Fresh2026x' });
    assertError(wrong, 400, 'wrong_password');
    assert.ok(wrong.json.error.fields.old_password);
    const weak = await a.post('/api/v1/auth/password', { old_password: person.password, password: 'weak', password2: 'weak' });
    assertError(weak, 400, 'invalid');
    const ok = await a.post('/api/v1/auth/password', { old_password: person.password, password: 'Fresh2026x', password2: 'Fresh2026x' });
    assert.equal(ok.status, 204, ok.text);
    assert.equal((await a.get('/api/v1/me')).status, 200);
    assertError(await b.get('/api/v1/me'), 401, 'not_signed_in');
    assert.equal((await new Client().login('personnel', person.id_number, 'Fresh2026x')).status, 200);
  });
});

describe('registration review', () => {
  test('pending list, details, batch approve, history and its deletion', async () => {
    const one = await register(unitA.id, { name: '批量甲' });
    const two = await register(unitA.id, { name: '批量乙' });
    const admin = await adminOf(unitA);
    const list = await admin.get(`/api/v1/reviews/personnel-registrations?status=pending&name=${encodeURIComponent('批量')}&size=100`);
    assert.equal(list.status, 200, list.text);
    const ids = list.json.items.map((i) => i.id);
    const r1 = reviewIdOf(one.body.id_number);
    const r2 = reviewIdOf(two.body.id_number);
    assert.ok(ids.includes(r1) && ids.includes(r2));
    const item = list.json.items.find((i) => i.id === r1);
    assert.match(item.id_number_masked, /^\d{10}\*{4}[\dX]{4}$/);
    const byId = await admin.get(`/api/v1/reviews/personnel-registrations?id_number=${one.body.id_number}`);
    assert.deepEqual(byId.json.items.map((i) => i.id), [r1]);
    const detail = await admin.get(`/api/v1/reviews/personnel-registrations/${r1}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.json.id_number, one.body.id_number);
    assert.equal(detail.json.dept, '设计部');
    assert.equal(detail.json.ethnic, '汉族');
    const d = await admin.post('/api/v1/reviews/personnel-registrations/decide', { ids: [r1, r2, r1], decision: 'approve' });
    assert.equal(d.status, 200);
    assert.deepEqual(d.json.results.map((x) => x.ok), [true, true, false]);
    assert.equal(d.json.results[2].code, 'already_decided');
    assert.equal((await new Client().login('personnel', one.body.id_number, one.body.password)).status, 200);
    const hist = await admin.get('/api/v1/reviews/personnel-registrations?status=decided&size=100');
    assert.ok(hist.json.items.some((i) => i.id === r1 && i.status === 'approved'));
    assert.equal((await admin.del(`/api/v1/reviews/personnel-registrations/${r1}`)).status, 204);
    const hist2 = await admin.get('/api/v1/reviews/personnel-registrations?status=decided&size=100');
    assert.ok(!hist2.json.items.some((i) => i.id === r1), 'removed from the history');
    assert.equal((await new Client().login('personnel', one.body.id_number, one.body.password)).status, 200,
      'the person stays');
    const [[n]] = sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'review.approve' AND subject_id IN (${r1}, ${r2})`);
    assert.equal(n, '2');
  });

  test('a rejection needs a reason; a pending record cannot be deleted', async () => {
    const { body } = await register(unitA.id);
    const admin = await adminOf(unitA);
    const r = reviewIdOf(body.id_number);
    assertError(await admin.post('/api/v1/reviews/personnel-registrations/decide', { ids: [r], decision: 'reject' }),
      400, 'reason_required');
    assertError(await admin.del(`/api/v1/reviews/personnel-registrations/${r}`), 409, 'pending');
    assert.equal(sql(`SELECT status FROM review WHERE id = ${r}`)[0][0], 'pending');
  });

  test('an admin of another unit can neither see nor decide', async () => {
    const { body } = await register(unitA.id, { name: '越权测试' });
    const r = reviewIdOf(body.id_number);
    const other = await adminOf(unitB);
    const list = await other.get(`/api/v1/reviews/personnel-registrations?name=${encodeURIComponent('越权测试')}`);
    assert.equal(list.status, 200);
    assert.equal(list.json.total, 0);
    assertError(await other.get(`/api/v1/reviews/personnel-registrations/${r}`), 404, 'not_found');
    const d = await other.post('/api/v1/reviews/personnel-registrations/decide', { ids: [r], decision: 'approve' });
    assert.equal(d.json.results[0].ok, false);
    assert.equal(d.json.results[0].code, 'not_found');
    assertError(await other.del(`/api/v1/reviews/personnel-registrations/${r}`), 404, 'not_found');
    assert.equal(sql(`SELECT status FROM review WHERE id = ${r}`)[0][0], 'pending');
    assert.equal(sql(`SELECT status FROM personnel pe JOIN person p ON p.id = pe.person_id
      WHERE p.id_number = '${body.id_number}'`)[0][0], 'pending');
  });

  test('personnel cannot use the review API', async () => {
    const person = await approved(unitA);
    const c = new Client();
    await c.login('personnel', person.id_number, person.password);
    assertError(await c.get('/api/v1/reviews/personnel-registrations'), 403, 'admin_required');
    assertError(await new Client().get('/api/v1/reviews/personnel-registrations'), 401, 'not_signed_in');
  });
});

describe('mail outbox', () => {
  test('sdrzctl mail-send hands each message to the mail command once', async () => {
    const { mkdtempSync, readFileSync, writeFileSync, chmodSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { sdrzctl } = await import('../lib.mjs');
    const dir = mkdtempSync(join(tmpdir(), 'sdrz-mail-'));
    const box = join(dir, 'box');
    const fake = join(dir, 'sendmail');
    // A sendmail stand-in: appends each message, fails when told to.
    writeFileSync(fake, `#!/bin/sh\n[ -e ${dir}/fail ] && exit 75\ncat >> ${box}\necho "--END--" >> ${box}\n`);
    chmodSync(fake, 0o755);
    sql("INSERT INTO mail_outbox (to_addr, subject, body) VALUES ('a@example.cn', '测试邮件', '正文 1')");
    const [[id]] = sql('SELECT MAX(id) FROM mail_outbox');
    const saved = { ...process.env };
    try {
      process.env.SDRZ_MAIL_COMMAND = fake;
      writeFileSync(join(dir, 'fail'), '');
      const failed = sdrzctl('mail-send');
      assert.equal(failed.status, 1);
      const [[sent0, attempts, err]] = sql(`SELECT sent_at IS NULL, attempts, last_error FROM mail_outbox WHERE id = ${id}`);
      assert.equal(sent0, '1', 'not marked sent when the command failed');
      assert.equal(attempts, '1');
      assert.match(err, /status 75/);
      (await import('node:fs')).unlinkSync(join(dir, 'fail'));
      const ok = sdrzctl('mail-send');
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /sent [1-9]\d*, failed 0/);
      const text = readFileSync(box, 'utf8');
      assert.match(text, /^To: a@example\.cn$/m);
      assert.ok(text.includes('\nSubject: =?UTF-8?B?5rWL6K+V6YKu5Lu2?=\n'), 'the subject, encoded');
      assert.match(text, /正文 1/);
      assert.equal(sql(`SELECT sent_at IS NOT NULL FROM mail_outbox WHERE id = ${id}`)[0][0], '1');
      const again = sdrzctl('mail-send');
      assert.match(again.stdout, /sent 0, failed 0/);
    } finally {
      process.env = saved;
    }
  });
});
