// Accounts through the pages, in a real Chromium against the
// running stack: a person registers under a unit (picking it in the unit
// picker), the unit's admin signs in with the captcha, chooses the role,
// and approves the registration on 注册人员审核; the person signs in on the
// main portal, lands on 个人主页, and is signed in on the learning portals
// too (one sign-in for the three). Also: the sign-in errors (wrong captcha,
// not yet approved, rejected with its reason), rejecting with a reason and
// deleting a decided record, the server's field errors beside the fields,
// changing the password, and the 登录 box of the learning portals.
//
//   cd tests && node --test e2e/sdrz/accounts.test.mjs
//
// Setup uses the admin tool (sdrzctl org-add) and reads captcha answers
// from the database, as the tests may (never the pages).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sdrzctl, sql } from '../../api/lib.mjs'
import { URLS, apiAnswer, assertNoConsoleErrors, launchBrowser, screenshot } from '../browser.mjs'
import {
  STAMP,
  assertValue,
  captchaAnswer,
  choose,
  freshId,
  loginError,
  newCaptcha,
  openPage as openPageIn,
  pick,
  signInWith,
  solveCaptcha,
  spell,
  typeDate,
} from '../helpers.mjs'

// ---------------------------------------------------------------- the data

const UNIT_A = `测试单位甲${STAMP}`
const UNIT_B = `测试单位乙${STAMP}`
const ADMIN = { ...freshId(1), name: '审核管理员', password: 'Admin2024pass' }
// Registers on the page, is approved.
const ALICE = { ...freshId(2), name: `李${spell(STAMP % 1000)}`, password: 'Alice2024pass', phone: '13912345678', email: `alice${STAMP}@example.com` }
// Registers through the API, is rejected.
const BOB = { ...freshId(1), name: `王${spell((STAMP + 1) % 1000)}`, password: 'Bob2024pass', phone: '13812345678', email: `bob${STAMP}@example.com` }
const REJECT_REASON = '工作部门填写有误,请核实后重新注册'

let b
let unitA
let unitB

// ---------------------------------------------------------------- helpers
const openPage = (url) => openPageIn(b, url)

/** Fills the whole registration form (every field of the manual). */
async function fillRegistration(page, person, { idNumber = person.id } = {}) {
  const form = page.locator('[data-test="register-form"]')
  await form.waitFor({ state: 'visible' })
  // 账号信息
  await page.waitForFunction(() =>
    document.querySelector('[data-test="reg-id_type"] .el-select__placeholder:not(.is-transparent)')?.textContent.trim() === '居民身份证',
  )
  await form.locator('[data-test="reg-id_number"] input').fill(idNumber)
  await form.locator('[data-test="reg-password"] input').fill(person.password)
  await form.locator('[data-test="reg-password2"] input').fill(person.password)
  await form.locator('[data-test="reg-phone"] input').fill(person.phone)
  await form.locator('[data-test="reg-email"] input').fill(person.email)
  await form.locator('[data-test="reg-landline"] input').fill('0633-8888888')
  // 个人信息
  await pick(page, 'reg-org-pick', 'org-picker', UNIT_A, UNIT_A)
  await assertValue(form.locator('[data-test="reg-org_id"] input'), UNIT_A, '所在单位')
  await form.locator('[data-test="reg-dept"] input').fill('信息中心')
  await form.locator('[data-test="reg-name"] input').fill(person.name)
  await choose(page, form, 'reg-ethnic', '汉族')
  await choose(page, form, 'reg-education', '大学本科毕业')
  await form.locator('[data-test="reg-school"] input').fill('山东大学')
  await pick(page, 'reg-major-pick', 'major-picker', '计算机', '计算机科学与技术')
  await assertValue(form.locator('[data-test="reg-major_code"] input'), '计算机科学与技术', '所学专业')
  await typeDate(form, 'reg-graduated_on', '2012-07-01')
  await choose(page, form, 'reg-degree', '工学学士学位')
  await form.locator('[data-test="reg-admin_post"] input').fill('科员')
  await choose(page, form, 'reg-admin_level', '科员级')
  await choose(page, form, 'reg-title_series', '工程技术人员')
  await choose(page, form, 'reg-title_level', '中级')
  await choose(page, form, 'reg-title_qualification', '工程师')
  await typeDate(form, 'reg-title_effective_on', '2018-12-01')
  await form.locator('[data-test="reg-title_cert_no"] input').fill('GC2018001')
  await choose(page, form, 'reg-prof_qualification', '无')
  await choose(page, form, 'reg-prof_qualification_level', '无')
  return form
}

async function registerThroughApi(person) {
  const body = {
    id_type: '01',
    id_number: person.id,
    existing_user: false,
    password: person.password,
    password2: person.password,
    phone: person.phone,
    email: person.email,
    org_id: unitA,
    dept: '后勤科',
    name: person.name,
    gender: Number(person.id[16]) % 2 === 1 ? '1' : '2',
    ethnic: '01',
    education: '21',
    school: '青岛大学',
    major_code: '080901',
    graduated_on: '2010-07-01',
    degree: '408',
    postdoc: false,
    title_series: '05',
    title_level: '4',
    title_qualification: '084',
    prof_qualification: '00',
    prof_qualification_level: '00',
  }
  // The registration's captcha, solved from the database as the sign-in tests do.
  const c = await (await fetch(`${URLS.sdrz}/api/v1/captcha`)).json()
  const res = await fetch(`${URLS.sdrz}/api/v1/register/personnel`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ ...body, captcha_id: c.id, captcha: captchaAnswer(c.id) }),
  })
  assert.equal(res.status, 201, `register ${person.name}: ${await res.clone().text()}`)
}

function personnelStatus(idNumber) {
  const rows = sql(
    `SELECT pe.status, pe.org_id FROM personnel pe JOIN person p ON p.id = pe.person_id WHERE p.id_number = '${idNumber}'`,
  )
  return rows.length ? { status: rows[0][0], org: Number(rows[0][1]) } : null
}

/** The rows of the review table that show `name`. */
function reviewRows(page, name) {
  return page.locator('[data-test="review-table"] .el-table__body-wrapper tr').filter({ has: page.getByText(name, { exact: true }) })
}

// ---------------------------------------------------------------- the tests

describe('accounts through the pages', () => {
  before(async () => {
    const root = sql('SELECT id FROM org WHERE parent_id IS NULL')
    assert.equal(root.length, 1, 'one root organisation (the city HR bureau)')
    const parent = root[0][0]
    // One admin for two units: after sign-in the admin picks the unit.
    for (const name of [UNIT_A, UNIT_B]) {
      const r = sdrzctl('org-add', '--kind', 'unit', '--parent', parent, '--name', name,
        '--admin-id', ADMIN.id, '--admin-name', ADMIN.name, '--admin-password', ADMIN.password)
      assert.equal(r.status, 0, `sdrzctl org-add ${name}: ${r.stderr}`)
    }
    const id = (name) => Number(sql(`SELECT id FROM org WHERE name = '${name}'`)[0][0])
    unitA = id(UNIT_A)
    unitB = id(UNIT_B)
    b = await launchBrowser()
  })

  after(async () => {
    if (b) await b.close()
  })

  it('the registration page shows the server\'s field errors beside the fields, then registers', async () => {
    // Bob has registered already (pending; a pending registration no
    // longer blocks his number, see the API tests). The admin's number
    // belongs to an approved user: registering it as new is refused.
    await registerThroughApi(BOB)
    const page = await openPage(`${URLS.sdrz}/register`)
    // The page names itself once its part has loaded (slow on a busy machine).
    await page.waitForFunction(() => document.title.includes(' - '), null, { timeout: 60_000 })
    assert.equal(await page.title(), '专业技术人员注册 - 日照市专业技术人员继续教育公共服务平台')
    // The manual's tabs, the personnel one chosen (the others: orgs.test.mjs).
    const tabs = await page.locator('[data-test="register-tabs"] [role="tab"]').allInnerTexts()
    assert.deepEqual(tabs.map((t) => t.trim()), ['专业技术人员注册', '用人单位注册', '主管部门注册', '继续教育基地注册', '区(县)人社局注册'])
    assert.equal((await page.locator('[data-test="register-tabs"] [role="tab"][aria-selected="true"]').innerText()).trim(), '专业技术人员注册')
    const form = await fillRegistration(page, ALICE, { idNumber: ADMIN.id })

    // A resident ID fills birth date and gender.
    await assertValue(form.locator('[data-test="reg-birth_date"] input'), ADMIN.birth, '出生日期 from the ID number')
    assert.ok(await form.locator('[data-test="reg-gender"] .el-radio.is-checked').getByText('男', { exact: true }).isVisible(), '性别 from the ID number')
    await screenshot(page, 'accounts-register-filled')

    await solveCaptcha(page, form)
    const [refused] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/register/personnel'),
      form.locator('[data-test="register-submit"]').click(),
    ])
    assert.ok([400, 409].includes(refused.status()), `second registration of one ID: ${refused.status()}`)
    const { error } = await refused.json()
    const fields = Object.entries(error.fields || {})
    assert.ok(fields.length > 0, `field errors: ${JSON.stringify(error)}`)
    for (const [field, message] of fields) {
      const shown = form.locator(`[data-test="reg-${field}"] .el-form-item__error`)
      await shown.waitFor({ state: 'visible' })
      assert.equal((await shown.innerText()).trim(), message, `error beside ${field}`)
    }
    await screenshot(page, 'accounts-register-field-error')

    // Alice's own number: the form fills her birth date and gender.
    await form.locator('[data-test="reg-id_number"] input').fill(ALICE.id)
    await assertValue(form.locator('[data-test="reg-birth_date"] input'), ALICE.birth, '出生日期 from the ID number')
    assert.ok(await form.locator('[data-test="reg-gender"] .el-radio.is-checked').getByText('女', { exact: true }).isVisible(), '性别 from the ID number')
    await solveCaptcha(page, form)
    const [created] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/register/personnel'),
      form.locator('[data-test="register-submit"]').click(),
    ])
    assert.equal(created.status(), 201, `registration: ${await created.text()}`)
    const done = page.locator('[data-test="register-done"]')
    await done.waitFor({ state: 'visible' })
    const doneText = await done.innerText()
    assert.ok(doneText.includes('注册信息已提交审核,请耐心等待'), doneText)
    assert.ok(doneText.includes(UNIT_A) && doneText.includes('管理员进行审核'), `reminder to ask the unit admin: ${doneText}`)
    await screenshot(page, 'accounts-register-done')

    assert.deepEqual(personnelStatus(ALICE.id), { status: 'pending', org: unitA })
    assertNoConsoleErrors(page, 'registration', { allow: [apiAnswer(refused.status(), 'register/personnel')] })
  })

  it('a wrong captcha shows its message and a new picture', async () => {
    const page = await openPage(`${URLS.sdrz}/`)
    const form = page.locator('[data-test="login-form"]')
    await form.locator('[data-test="login-id-number"] input').fill(ALICE.id)
    await form.locator('[data-test="login-password"] input').fill(ALICE.password)
    const id = await newCaptcha(page, form)
    const answer = captchaAnswer(id)
    await form.locator('[data-test="captcha-input"]').fill(answer === '0000' ? '1111' : '0000')
    const [login, next] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/login'),
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/captcha'),
      form.locator('[data-test="login-submit"]').click(),
    ])
    assert.equal(login.status(), 400)
    assert.equal((await login.json()).error.code, 'captcha_wrong')
    const message = await loginError(form)
    assert.match(message, /验证码错误/)
    // A new captcha after the failed attempt, and the answer field is empty.
    assert.notEqual((await next.json()).id, id, 'a new captcha')
    assert.equal(await form.locator('[data-test="captcha-input"]').inputValue(), '')
    assert.equal(new URL(page.url()).pathname, '/')
    await screenshot(page, 'accounts-login-wrong-captcha')
    assertNoConsoleErrors(page, 'wrong captcha', { allow: [apiAnswer(400, 'auth/login')] })
  })

  it('a person whose registration is pending sees 此账号还未被审核 naming the unit', async () => {
    const page = await openPage(`${URLS.sdrz}/`)
    const form = page.locator('[data-test="login-form"]')
    const { status, body } = await signInWith(page, form, { idNumber: ALICE.id, password: ALICE.password })
    assert.equal(status, 403)
    assert.equal(body.error.code, 'not_approved')
    const message = await loginError(form)
    assert.ok(message.includes('此账号还未被审核'), message)
    assert.ok(message.includes(UNIT_A), `names the unit: ${message}`)
    assert.equal(new URL(page.url()).pathname, '/')
    await screenshot(page, 'accounts-login-pending')
    assertNoConsoleErrors(page, 'pending sign-in', { allow: [apiAnswer(403, 'auth/login')] })
  })

  it('the unit admin chooses the unit, approves one registration and rejects another with a reason', async () => {
    const page = await openPage(`${URLS.sdrz}/`)
    const form = page.locator('[data-test="login-form"]')
    const { status, body } = await signInWith(page, form, { userType: '用人单位', idNumber: ADMIN.id, password: ADMIN.password })
    assert.equal(status, 200, JSON.stringify(body))
    assert.equal(body.role, null, 'two roles: none chosen yet')

    // The role chooser offers both units.
    const chooser = page.locator('[data-test="role-chooser"]')
    await chooser.waitFor({ state: 'visible' })
    const offered = await chooser.innerText()
    assert.ok(offered.includes(UNIT_A) && offered.includes(UNIT_B), offered)
    await screenshot(page, 'accounts-role-chooser')
    await chooser.locator(`[data-test="role-admin-${unitA}"]`).click()
    await Promise.all([page.waitForURL(`${URLS.sdrz}/admin`), chooser.locator('[data-test="role-confirm"]').click()])

    // 管理主页: the organisation and its functions; the account strip.
    await page.locator('[data-test="admin-org-name"]').waitFor({ state: 'visible' })
    assert.equal((await page.locator('[data-test="admin-org-name"]').innerText()).trim(), UNIT_A)
    assert.equal((await page.locator('[data-test="account-name"]').innerText()).trim(), ADMIN.name)
    for (const t of ['account-switch-role', 'account-password', 'account-logout']) {
      assert.ok(await page.locator(`[data-test="${t}"]`).isVisible(), t)
    }
    await page.locator('[data-test="pending-count"]').waitFor({ state: 'visible' })
    assert.match(await page.locator('[data-test="pending-count"]').innerText(), /^2 条待审核$/)
    await screenshot(page, 'accounts-admin-home')

    // 注册人员审核: both registrations wait.
    await Promise.all([
      page.waitForURL(`${URLS.sdrz}/admin/reviews/registrations`),
      page.locator('[data-test="fn-registration-reviews"]').click(),
    ])
    await reviewRows(page, ALICE.name).waitFor({ state: 'visible' })
    await reviewRows(page, BOB.name).waitFor({ state: 'visible' })
    // The list masks ID numbers.
    const aliceRow = await reviewRows(page, ALICE.name).innerText()
    assert.ok(!aliceRow.includes(ALICE.id), 'ID number masked in the list')
    assert.ok(aliceRow.includes(ALICE.id.slice(0, 6)) && aliceRow.includes(ALICE.id.slice(-4)), aliceRow)

    // 详细 shows every field, with names instead of codes.
    await reviewRows(page, ALICE.name).locator('[data-test="row-detail"]').click()
    const detail = page.locator('[data-test="detail-dialog"]')
    await detail.getByText('计算机科学与技术', { exact: true }).waitFor({ state: 'visible' })
    const detailText = await detail.innerText()
    for (const words of [ALICE.name, UNIT_A, '信息中心', '汉族', '大学本科毕业', '山东大学', '工学学士学位', '工程技术人员', '中级', '工程师', 'GC2018001', '0633-8888888', ALICE.email]) {
      assert.ok(detailText.includes(words), `detail lacks ${words}`)
    }
    await screenshot(page, 'accounts-review-detail')
    await detail.locator('[data-test="detail-close"]').click()
    await detail.waitFor({ state: 'hidden' })

    // The name filter narrows the list.
    await page.locator('[data-test="filter-name"]').fill(ALICE.name)
    await page.locator('[data-test="filter-search"]').click()
    await reviewRows(page, BOB.name).waitFor({ state: 'detached' })
    assert.equal(await reviewRows(page, ALICE.name).count(), 1)
    await page.locator('[data-test="filter-reset"]').click()
    await reviewRows(page, BOB.name).waitFor({ state: 'visible' })
    await screenshot(page, 'accounts-review-pending')

    // 批量通过 for Alice: the answer item by item.
    await reviewRows(page, ALICE.name).locator('.el-checkbox').click()
    await page.locator('[data-test="batch-approve"]').click()
    const result = page.locator('[data-test="result-dialog"]')
    await result.waitFor({ state: 'visible' })
    assert.match(await result.locator('[data-test="result-summary"]').innerText(), /通过:成功 1 条,失败 0 条/)
    assert.ok((await result.locator('[data-test="result-table"]').innerText()).includes(ALICE.name))
    await screenshot(page, 'accounts-review-approved')
    await result.locator('[data-test="result-close"]').click()
    await reviewRows(page, ALICE.name).waitFor({ state: 'detached' })
    assert.deepEqual(personnelStatus(ALICE.id), { status: 'approved', org: unitA })

    // 批量驳回 for Bob: a reason is required.
    await reviewRows(page, BOB.name).locator('.el-checkbox').click()
    await page.locator('[data-test="batch-reject"]').click()
    const reject = page.locator('[data-test="reject-dialog"]')
    await reject.waitFor({ state: 'visible' })
    await reject.locator('[data-test="reject-confirm"]').click()
    await reject.getByText('请填写驳回原因', { exact: true }).waitFor({ state: 'visible' })
    assert.equal(personnelStatus(BOB.id).status, 'pending', 'nothing sent without a reason')
    await reject.locator('textarea').fill(REJECT_REASON)
    await reject.locator('[data-test="reject-confirm"]').click()
    await result.waitFor({ state: 'visible' })
    assert.match(await result.locator('[data-test="result-summary"]').innerText(), /驳回:成功 1 条,失败 0 条/)
    await result.locator('[data-test="result-close"]').click()
    assert.equal(personnelStatus(BOB.id).status, 'rejected')

    // 已审核: status, time and reason; 删除 removes Bob's record.
    await page.getByRole('tab', { name: '已审核' }).click()
    await reviewRows(page, ALICE.name).waitFor({ state: 'visible' })
    assert.ok((await reviewRows(page, ALICE.name).innerText()).includes('审核通过'))
    const bobRow = await reviewRows(page, BOB.name).innerText()
    assert.ok(bobRow.includes('已驳回') && bobRow.includes(REJECT_REASON), bobRow)
    assert.match(bobRow, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/, 'decision time')
    await screenshot(page, 'accounts-review-decided')
    await reviewRows(page, BOB.name).locator('[data-test="row-delete"]').click()
    const confirm = page.locator('.el-message-box')
    await confirm.waitFor({ state: 'visible' })
    await confirm.getByRole('button', { name: '删除' }).click()
    await reviewRows(page, BOB.name).waitFor({ state: 'detached' })
    assert.equal(sql(`SELECT COUNT(*) FROM person WHERE id_number = '${BOB.id}'`)[0][0], '1', 'the person stays')
    assert.ok(await reviewRows(page, ALICE.name).isVisible(), 'other records stay')

    // 切换角色: the other unit has nothing waiting.
    await page.locator('[data-test="account-switch-role"]').click()
    await chooser.waitFor({ state: 'visible' })
    await chooser.locator(`[data-test="role-admin-${unitB}"]`).click()
    const [, counted] = await Promise.all([
      page.waitForURL(`${URLS.sdrz}/admin`),
      page.waitForResponse((r) => r.url().includes('/api/v1/reviews/personnel-registrations?status=pending')),
      chooser.locator('[data-test="role-confirm"]').click(),
    ])
    assert.equal((await counted.json()).total, 0)
    await page.locator('[data-test="admin-org-name"]').getByText(UNIT_B, { exact: true }).waitFor({ state: 'visible' })
    await page.locator('[data-test="admin-org"]').waitFor({ state: 'visible' })
    assert.equal(await page.locator('[data-test="pending-count"]').count(), 0, 'nothing waits in the other unit')
    await Promise.all([
      page.waitForURL(`${URLS.sdrz}/admin/reviews/registrations`),
      page.locator('[data-test="fn-registration-reviews"]').click(),
    ])
    await page.locator('[data-test="review-table"]').getByText('暂无记录').waitFor({ state: 'visible' })

    // 退出登录 returns to the sign-in box.
    await page.locator('[data-test="account-logout"]').click()
    await page.waitForURL(`${URLS.sdrz}/`)
    await page.locator('[data-test="login-form"]').waitFor({ state: 'visible' })
    assertNoConsoleErrors(page, 'admin review')
  })

  it('a rejected person sees the reason when signing in', async () => {
    const page = await openPage(`${URLS.sdrz}/`)
    const form = page.locator('[data-test="login-form"]')
    const { status, body } = await signInWith(page, form, { idNumber: BOB.id, password: BOB.password })
    assert.equal(status, 403)
    assert.equal(body.error.code, 'registration_rejected')
    const message = await loginError(form)
    assert.ok(message.includes(REJECT_REASON), message)
    await screenshot(page, 'accounts-login-rejected')
    assertNoConsoleErrors(page, 'rejected sign-in', { allow: [apiAnswer(403, 'auth/login')] })
  })

  it('the approved person signs in on the main portal and is signed in on gxk and zyk', async () => {
    const page = await openPage(`${URLS.sdrz}/`)
    const form = page.locator('[data-test="login-form"]')
    const [{ status }] = await Promise.all([
      signInWith(page, form, { idNumber: ALICE.id, password: ALICE.password }),
      page.waitForURL(`${URLS.sdrz}/personnel`),
    ])
    assert.equal(status, 200)

    // 个人主页: the person's data and the learning portals.
    await page.locator('[data-test="me-name"]').waitFor({ state: 'visible' })
    assert.equal((await page.locator('[data-test="me-name"]').innerText()).trim(), ALICE.name)
    assert.equal((await page.locator('[data-test="account-name"]').innerText()).trim(), ALICE.name)
    assert.equal((await page.locator('[data-test="me-org"]').innerText()).trim(), UNIT_A)
    const masked = (await page.locator('[data-test="me-id-number"]').innerText()).trim()
    assert.notEqual(masked, ALICE.id, 'ID number masked')
    assert.ok(masked.startsWith(ALICE.id.slice(0, 6)) && masked.endsWith(ALICE.id.slice(-4)), masked)
    const info = await page.locator('[data-test="me-info"]').innerText()
    for (const words of ['信息中心', '工程技术人员', '中级', '工程师', ALICE.phone, ALICE.email, ALICE.birth, '女', '审核通过']) {
      assert.ok(info.includes(words), `个人信息 lacks ${words}`)
    }
    // One role only: no 切换角色.
    assert.equal(await page.locator('[data-test="account-switch-role"]').count(), 0)
    const site = await (await fetch(`${URLS.sdrz}/api/v1/site`)).json()
    assert.equal(new URL(await page.locator('[data-test="me-gxk"]').getAttribute('href')).href, new URL(site.portals.gxk.url).href)
    assert.equal(new URL(await page.locator('[data-test="me-zyk"]').getAttribute('href')).href, new URL(site.portals.zyk.url).href)
    await screenshot(page, 'accounts-personnel-home')

    // The personnel home's entry leads to gxk, already signed in.
    await Promise.all([page.waitForURL(new URL(site.portals.gxk.url).href), page.locator('[data-test="me-gxk"]').click()])
    await page.locator('[data-test="account-name"]').waitFor({ state: 'visible' })
    assert.equal((await page.locator('[data-test="account-hello"]').innerText()).trim(), `您好,${ALICE.name}`)
    assert.equal(await page.locator('[data-test="account-login"]').count(), 0, 'no 登录 when signed in')
    await screenshot(page, 'accounts-gxk-signed-in')

    await page.goto(`${URLS.zyk}/`, { waitUntil: 'networkidle' })
    await page.locator('[data-test="account-name"]').waitFor({ state: 'visible' })
    assert.equal((await page.locator('[data-test="account-name"]').innerText()).trim(), ALICE.name)

    // 退出登录 on zyk ends the session on the main portal too.
    await page.locator('[data-test="account-logout"]').click()
    await page.locator('[data-test="account-login"]').waitFor({ state: 'visible' })
    await page.goto(`${URLS.sdrz}/personnel`, { waitUntil: 'networkidle' })
    await page.waitForURL((u) => u.pathname === '/')
    await page.locator('[data-test="login-form"]').waitFor({ state: 'visible' })
    assertNoConsoleErrors(page, 'personnel sign-in')
  })

  it('the 登录 button of a learning portal signs in through the same form', async () => {
    const page = await openPage(`${URLS.gxk}/`)
    await page.locator('[data-test="account-login"]').click()
    const dialog = page.locator('[data-test="login-dialog"]')
    await dialog.waitFor({ state: 'visible' })
    const form = dialog.locator('[data-test="login-form"]')
    await form.waitFor({ state: 'visible' })
    // The registration and password pages are those of the main portal.
    assert.equal(await form.locator('[data-test="login-register"]').getAttribute('href'), `${URLS.sdrz}/register`)
    assert.equal(await form.locator('[data-test="login-forgot"]').getAttribute('href'), `${URLS.sdrz}/forgot-password`)
    await screenshot(page, 'accounts-gxk-login')
    const { status } = await signInWith(page, form, { idNumber: ALICE.id, password: ALICE.password })
    assert.equal(status, 200)
    await dialog.waitFor({ state: 'hidden' })
    assert.equal((await page.locator('[data-test="account-hello"]').innerText()).trim(), `您好,${ALICE.name}`)

    // The main portal knows the session.
    await page.goto(`${URLS.sdrz}/`, { waitUntil: 'networkidle' })
    await page.locator('[data-test="signed-in-name"]').waitFor({ state: 'visible' })
    assert.equal((await page.locator('[data-test="signed-in-name"]').innerText()).trim(), ALICE.name)
    await screenshot(page, 'accounts-sdrz-home-signed-in')
    assertNoConsoleErrors(page, 'gxk sign-in')
  })

  it('修改密码 checks the old password beside its field, then the new one signs in', async () => {
    const page = await openPage(`${URLS.sdrz}/`)
    const form = page.locator('[data-test="login-form"]')
    await Promise.all([
      signInWith(page, form, { idNumber: ALICE.id, password: ALICE.password }),
      page.waitForURL(`${URLS.sdrz}/personnel`),
    ])
    await Promise.all([page.waitForURL(`${URLS.sdrz}/password`), page.locator('[data-test="account-password"]').click()])
    const pw = page.locator('[data-test="password-form"]')
    const next = 'Alice2025new'
    await pw.locator('[data-test="password-old"] input').fill('Wrong2024pass')
    await pw.locator('[data-test="password-new"] input').fill(next)
    await pw.locator('[data-test="password-new2"] input').fill(next)
    const [refused] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/password'),
      pw.locator('[data-test="password-submit"]').click(),
    ])
    assert.equal(refused.status(), 400)
    const { error } = await refused.json()
    assert.equal(error.code, 'wrong_password')
    const beside = pw.locator('[data-test="password-old"] .el-form-item__error')
    await beside.waitFor({ state: 'visible' })
    assert.equal((await beside.innerText()).trim(), error.fields.old_password)
    await screenshot(page, 'accounts-password-wrong-old')

    await pw.locator('[data-test="password-old"] input').fill(ALICE.password)
    await pw.locator('[data-test="password-submit"]').click()
    await page.locator('[data-test="password-done"]').waitFor({ state: 'visible' })
    ALICE.password = next

    await page.locator('[data-test="account-logout"]').click()
    await page.waitForURL(`${URLS.sdrz}/`)
    const again = page.locator('[data-test="login-form"]')
    await again.waitFor({ state: 'visible' })
    await Promise.all([
      signInWith(page, again, { idNumber: ALICE.id, password: next }),
      page.waitForURL(`${URLS.sdrz}/personnel`),
    ])
    assertNoConsoleErrors(page, 'password change', { allow: [apiAnswer(400, 'auth/password')] })
  })

  it('忘记登录密码 sends a reset link; the link sets a new password once', async () => {
    const page = await openPage(`${URLS.sdrz}/`)
    await Promise.all([page.waitForURL(`${URLS.sdrz}/forgot-password`), page.locator('[data-test="login-forgot"]').click()])
    const form = page.locator('[data-test="forgot-form"]')
    await form.waitFor({ state: 'visible' })
    await form.locator('[data-test="forgot-id-number"] input').fill(ALICE.id)
    await form.locator('[data-test="forgot-email"] input').fill(ALICE.email)
    const before = Number(sql('SELECT COALESCE(MAX(id), 0) FROM mail_outbox')[0][0])
    const id = await newCaptcha(page, form)
    await form.locator('[data-test="captcha-input"]').fill(captchaAnswer(id))
    await form.locator('[data-test="forgot-submit"]').click()
    await page.locator('[data-test="forgot-done"]').waitFor({ state: 'visible' })
    await screenshot(page, 'accounts-forgot-done')

    const mail = sql(`SELECT to_addr, body FROM mail_outbox WHERE id > ${before} AND to_addr = '${ALICE.email}' ORDER BY id DESC LIMIT 1`)
    assert.equal(mail.length, 1, 'a mail in the outbox')
    const link = mail[0][1].replaceAll('\\n', '\n').match(/https?:\/\/\S+\/reset-password\?token=[0-9a-f]{64}/)
    assert.ok(link, `reset link in ${mail[0][1]}`)
    const url = new URL(link[0])
    assert.equal(url.origin, new URL(URLS.sdrz).origin)

    await page.goto(url.href, { waitUntil: 'networkidle' })
    const reset = page.locator('[data-test="reset-form"]')
    await reset.waitFor({ state: 'visible' })
    const next = 'Alice2026reset'
    await reset.locator('[data-test="reset-password"] input').fill(next)
    await reset.locator('[data-test="reset-password2"] input').fill(next)
    await reset.locator('[data-test="reset-submit"]').click()
    await page.locator('[data-test="reset-done"]').waitFor({ state: 'visible' })
    await screenshot(page, 'accounts-reset-done')

    // The link works once: again, the page says so and leads back.
    await page.goto(url.href, { waitUntil: 'networkidle' })
    await reset.locator('[data-test="reset-password"] input').fill(next)
    await reset.locator('[data-test="reset-password2"] input').fill(next)
    await reset.locator('[data-test="reset-submit"]').click()
    const invalid = page.locator('[data-test="reset-invalid"]')
    await invalid.waitFor({ state: 'visible' })
    assert.match(await invalid.innerText(), /重置链接无效|已使用|已过期/)
    assert.equal(await page.locator('[data-test="reset-again"]').getAttribute('href'), '/forgot-password')
    await screenshot(page, 'accounts-reset-used')

    await page.goto(`${URLS.sdrz}/`, { waitUntil: 'networkidle' })
    const login = page.locator('[data-test="login-form"]')
    const [{ status }] = await Promise.all([
      signInWith(page, login, { idNumber: ALICE.id, password: next }),
      page.waitForURL(`${URLS.sdrz}/personnel`),
    ])
    assert.equal(status, 200)
    assertNoConsoleErrors(page, 'password reset', { allow: [apiAnswer(410, 'auth/reset')] })
  })
})
