// Organisations through the pages, in a real Chromium against the
// running stack. A unit registers on 用人单位注册 under a supervising
// department (made with sdrzctl org-add under the root), the department's
// admin approves it on 用人单位审核; the unit's super admin creates a role
// limited to 账户审核 on 角色管理 and adds a second admin with it (新增管理员,
// way b: 注册成为管理员); that admin sees 注册人员审核 and opens it, does not
// see 直属账户管理, and a direct visit to its pages shows a refusal. Then a
// branch registers under the unit (without a USCC: the page says to contact
// the service desk) and the unit approves it on 下级单位审核; the department
// removes an admin's rights on 下级单位管理; the unit saves its basic fields
// and asks to move to another department (更换上级部门), which shows in both
// departments' 机构信息修改审验 and applies when both approved. Also: a role
// in use cannot be deleted; 新增管理员 way c (an existing user with their
// password), 删除 and 设为超级管理员; a department registers on 主管部门注册
// and the city bureau (the demo's super admin) approves it on 主管部门审核
// and finds it on 主管部门管理.
//
//   cd tests && node --test e2e/sdrz/orgs.test.mjs
//
// Setup uses the admin tool (sdrzctl org-add); captcha answers and checks
// come from the database, as the tests may (never the pages).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sdrzctl, sql } from '../../api/lib.mjs'
import { URLS, apiAnswer, assertNoConsoleErrors, launchBrowser, screenshot } from '../browser.mjs'
import { STAMP, assertValue, choose, freshId, openPage as openPageIn, pick, signInWith, solveCaptcha, spell } from '../helpers.mjs'

// ---------------------------------------------------------------- USCC

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
let usccSeq = (STAMP % 10_000_000) * 10 + (process.pid % 10)

/** A valid unified social credit code (GB 32100) that no organisation has. */
function freshUscc() {
  for (;;) {
    usccSeq += 1
    const body = `91371102${String(usccSeq % 1_000_000_000).padStart(9, '0')}`
    const sum = [...body].reduce((s, c, i) => s + USCC_CHARS.indexOf(c) * USCC_WEIGHTS[i], 0)
    const code = body + USCC_CHARS[(31 - (sum % 31)) % 31]
    if (sql(`SELECT COUNT(*) FROM org WHERE uscc = '${code}'`)[0][0] === '0') return code
  }
}

/** The same code with a wrong check character. */
const wrongCheck = (code) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0')

// ---------------------------------------------------------------- the data

const PASSWORD = 'Orgs2026pass'
const DEPT_A = { name: `测试卫健部门${STAMP}`, admin: { ...freshId(1), name: '甲部门管理员' } }
const DEPT_B = { name: `测试教育部门${STAMP}`, admin: { ...freshId(2), name: '乙部门管理员' } }
const UNIT = {
  name: `测试注册医院${STAMP}`,
  uscc: freshUscc(),
  phone: '0633-7654321',
  address: '日照市东港区烟台路 66 号',
  admin: { ...freshId(1), name: `赵${spell(STAMP % 100)}`, phone: '13906330001', email: `unit${STAMP}@example.com` },
}
const REVIEWER = { ...freshId(2), name: `钱${spell((STAMP + 3) % 100)}`, phone: '13906330002', email: `reviewer${STAMP}@example.com` }
const BRANCH = { name: `测试注册医院分院${STAMP}`, phone: '0633-7654000', address: '日照市岚山区分院路 8 号' }
const ROLE = `审核员${spell(STAMP % 1000)}`
// Registers on 主管部门注册 for the city itself: the city bureau approves.
const DEPT_C = {
  name: `测试住建部门${STAMP}`,
  uscc: freshUscc(),
  phone: '0633-8765432',
  address: '日照市东港区北京路 1 号',
  admin: { ...freshId(2), name: `孙${spell((STAMP + 7) % 100)}`, phone: '13906330003', email: `dept${STAMP}@example.com` },
}
// The city bureau's super admin of the demo data (as the API tests have it).
const CITY_PASSWORD = 'Rizhao2026'

let b
let root
let deptA
let deptB

// ---------------------------------------------------------------- helpers

const openPage = (url) => openPageIn(b, url)

function orgRow(name) {
  const rows = sql(`SELECT id, status, parent_id, phone FROM org WHERE name = '${name}' ORDER BY id DESC LIMIT 1`)
  assert.equal(rows.length, 1, `organisation ${name}`)
  const [id, status, parent, phone] = rows[0]
  return { id: Number(id), status, parent: Number(parent), phone }
}

/** The active admins of an organisation: id number → { super, role }. */
function adminsOf(orgId) {
  const rows = sql(`SELECT p.id_number, a.is_super, COALESCE(r.name, '') FROM org_admin a JOIN person p ON p.id = a.person_id
    LEFT JOIN admin_role r ON r.id = a.role_id WHERE a.org_id = ${orgId} AND a.status = 'active'`)
  return Object.fromEntries(rows.map(([id, sup, role]) => [id, { super: sup === '1', role }]))
}

/** Clicks the radio labelled `text` in `[data-test=item]`. */
async function radio(scope, item, text) {
  const option = scope.locator(`[data-test="${item}"] .el-radio`).filter({ hasText: new RegExp(`^\\s*${text.replace(/[()]/g, '\\$&')}\\s*$`) })
  await option.click()
  await option.locator('.el-radio__input.is-checked').waitFor({ state: 'attached' })
}

/** The error Element Plus shows beside the form item `[data-test=item]`. */
async function fieldError(scope, item) {
  const error = scope.locator(`[data-test="${item}"] .el-form-item__error`)
  await error.waitFor({ state: 'visible' })
  return (await error.innerText()).trim()
}

/** Signs in on the home page as an admin; waits for 管理主页. */
async function signInAdmin(userType, idNumber, password = PASSWORD) {
  const page = await openPage(`${URLS.sdrz}/`)
  const form = page.locator('[data-test="login-form"]')
  let answer
  // The development stack limits sign-ins and captchas per second (nginx),
  // and the test files run side by side: try again after a refusal.
  for (let attempt = 1; ; attempt += 1) {
    answer = await signInWith(page, form, { userType, idNumber, password })
    if (answer.status !== 429 || attempt === 5) break
    await page.waitForTimeout(1000 * attempt)
  }
  assert.equal(answer.status, 200, JSON.stringify(answer.body))
  await page.waitForURL(`${URLS.sdrz}/admin`).catch(async (err) => {
    await screenshot(page, 'orgs-sign-in-failed')
    throw new Error(`${err.message}\nat ${page.url()} after ${JSON.stringify(answer.body)}:\n${await page.locator('body').innerText()}`)
  })
  await page.locator('[data-test="fn-password"]').waitFor({ state: 'visible' })
  // The function list follows GET /api/v1/org.
  await page.locator('[data-test^="group-"], [data-test="admin-no-functions"]').first().waitFor({ state: 'visible' })
  await page.waitForLoadState('networkidle')
  return page
}

/** Checks the page's title (set once the route and the site name are known). */
async function expectTitle(page, title) {
  const full = `${title} - 日照市专业技术人员继续教育公共服务平台`
  await page.waitForFunction((t) => document.title === t, full, { timeout: 5000 }).catch(() => {})
  assert.equal(await page.title(), full)
}

/** The functions the admin home offers (their data-test names). */
async function functionsShown(page) {
  return page.locator('[data-test^="fn-"]').evaluateAll((els) => els.map((e) => e.dataset.test).sort())
}

/**
 * The admin home offers the functions `shown` and none of `hidden` (keys of
 * fn-<key>; other issues add functions of their own beside these).
 */
async function assertFunctions(page, { shown, hidden }) {
  const offered = await functionsShown(page)
  for (const k of shown) assert.ok(offered.includes(`fn-${k}`), `offers ${k}: ${offered}`)
  for (const k of hidden) assert.ok(!offered.includes(`fn-${k}`), `does not offer ${k}: ${offered}`)
}

/** Opens a function of the admin home; waits for its page. */
async function openFunction(page, key, path) {
  await Promise.all([page.waitForURL(`${URLS.sdrz}${path}`), page.locator(`[data-test="fn-${key}"]`).click()])
  await page.locator('[data-test="page-title"]').waitFor({ state: 'visible' })
}

/** The rows of the table `[data-test=table]` whose name is `text`. */
function rowsWith(page, table, text) {
  return page
    .locator(`[data-test="${table}"] .el-table__body-wrapper tr`)
    .filter({ has: page.locator('[data-test="row-name"]').getByText(text, { exact: true }) })
}

/** Fills the common fields of 用人单位注册. */
async function fillUnitBasics(page, form, org) {
  await form.locator('[data-test="org-name"] input').fill(org.name)
  await choose(page, form, 'org-nature', '差额拨款事业单位')
  await form.locator('[data-test="org-phone"] input').fill(org.phone)
  await choose(page, form, 'org-industry', '卫生')
  await form.locator('[data-test="org-address"] input').fill(org.address)
}

async function submitRegistration(page, form) {
  await solveCaptcha(page, form)
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/register/org'),
    form.locator('[data-test="org-register-submit"]').click(),
  ])
  return { status: response.status(), body: await response.json() }
}

// ---------------------------------------------------------------- the tests

describe('organisations through the pages', () => {
  before(async () => {
    const rows = sql('SELECT id FROM org WHERE parent_id IS NULL')
    assert.equal(rows.length, 1, 'one root organisation (the city HR bureau)')
    root = rows[0][0]
    for (const dept of [DEPT_A, DEPT_B]) {
      const r = sdrzctl('org-add', '--kind', 'dept', '--parent', root, '--name', dept.name,
        '--admin-id', dept.admin.id, '--admin-name', dept.admin.name, '--admin-password', PASSWORD)
      assert.equal(r.status, 0, `sdrzctl org-add ${dept.name}: ${r.stderr}`)
    }
    deptA = orgRow(DEPT_A.name).id
    deptB = orgRow(DEPT_B.name).id
    b = await launchBrowser()
  })

  after(async () => {
    if (b) await b.close()
  })

  it('a unit registers on 用人单位注册 under a supervising department', async () => {
    const page = await openPage(`${URLS.sdrz}/register`)
    await Promise.all([
      page.waitForURL(`${URLS.sdrz}/register?type=unit`),
      page.locator('[data-test="register-tabs"] [role="tab"]').filter({ hasText: '用人单位注册' }).click(),
    ])
    await expectTitle(page, '用人单位注册')
    assert.equal((await page.locator('[data-test="page-title"]').innerText()).trim(), '用人单位注册')
    const form = page.locator('[data-test="org-register-form"]')
    await form.waitFor({ state: 'visible' })
    await page.waitForFunction(() =>
      document.querySelector('[data-test="org-admin_id_type"] .el-select__placeholder:not(.is-transparent)')?.textContent.trim() === '居民身份证',
    )

    await fillUnitBasics(page, form, UNIT)
    // 是否有所属主管部门: 是 (the default) asks for the department, not the region.
    assert.ok(await form.locator('[data-test="org-has_dept"] .el-radio.is-checked').getByText('是', { exact: true }).isVisible())
    assert.equal(await form.locator('[data-test="org-region_code"]').count(), 0, 'no 所在地区 with a department')
    await pick(page, 'org-dept-pick', 'dept-picker', DEPT_A.name, DEPT_A.name)
    await assertValue(form.locator('[data-test="org-dept_id"] input'), DEPT_A.name, '所属主管部门名称')
    // 否 asks for the region instead; back to 是 keeps the department.
    await radio(form, 'org-has_dept', '否')
    await form.locator('[data-test="org-region_code"]').waitFor({ state: 'visible' })
    assert.equal(await form.locator('[data-test="org-dept_id"]').count(), 0)
    await radio(form, 'org-has_dept', '是')
    await assertValue(form.locator('[data-test="org-dept_id"] input'), DEPT_A.name, '所属主管部门名称 kept')

    // A wrong check character is pointed at beside the field.
    await form.locator('[data-test="org-uscc"] input').fill(wrongCheck(UNIT.uscc).toLowerCase())
    await form.locator('[data-test="org-uscc"] input').blur()
    assert.match(await fieldError(form, 'org-uscc'), /校验码不正确/)
    await form.locator('[data-test="org-uscc"] input').fill(UNIT.uscc.toLowerCase())
    await assertValue(form.locator('[data-test="org-uscc"] input'), UNIT.uscc, 'USCC in upper case')

    // 管理员信息: a person new to the system.
    assert.ok(await form.locator('[data-test="org-admin_existing"] .el-radio.is-checked').getByText('非本系统用户').isVisible())
    await form.locator('[data-test="org-admin_id_number"] input').fill(UNIT.admin.id)
    await form.locator('[data-test="org-admin_password"] input').fill(PASSWORD)
    await form.locator('[data-test="org-admin_password2"] input').fill(PASSWORD)
    await form.locator('[data-test="org-admin_name"] input').fill(UNIT.admin.name)
    await form.locator('[data-test="org-admin_phone"] input').fill(UNIT.admin.phone)
    await form.locator('[data-test="org-admin_email"] input').fill(UNIT.admin.email)
    assert.match(await form.locator('[data-test="org-promise"]').innerText(), /本人承诺以上所填信息真实无误/)

    // Without 同意遵守用户协议 nothing is sent.
    let sent = 0
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/register/org') sent += 1
    })
    await form.locator('[data-test="org-register-submit"]').click()
    assert.equal(await fieldError(form, 'org-agree'), '请阅读并同意遵守用户协议')
    assert.equal(sent, 0, 'no registration without the agreement')
    await form.locator('[data-test="org-agreement"]').click()
    const agreement = page.locator('[data-test="agreement-dialog"]')
    await agreement.waitFor({ state: 'visible' })
    await agreement.locator('[data-test="agreement-accept"]').click()
    await agreement.waitFor({ state: 'hidden' })
    assert.ok(await form.locator('[data-test="org-agree"] .el-checkbox.is-checked').isVisible(), 'agreed')
    await screenshot(page, 'orgs-register-unit-filled')

    const { status, body } = await submitRegistration(page, form)
    assert.equal(status, 201, JSON.stringify(body))
    assert.equal(body.approver, DEPT_A.name)
    const done = page.locator('[data-test="org-register-done"]')
    await done.waitFor({ state: 'visible' })
    assert.match(await done.innerText(), /注册信息已提交审核,请耐心等待/)
    assert.equal((await done.locator('[data-test="org-register-approver"]').innerText()).trim(), DEPT_A.name)
    assert.equal(await done.locator('[data-test="org-register-notice"]').count(), 0, 'no notice with a USCC')
    await screenshot(page, 'orgs-register-unit-done')

    const unit = orgRow(UNIT.name)
    assert.equal(unit.status, 'pending')
    assert.equal(unit.parent, deptA)
    assertNoConsoleErrors(page, 'unit registration')
  })

  it('the department approves the unit on 用人单位审核', async () => {
    const page = await signInAdmin('主管部门', DEPT_A.admin.id)
    assert.equal((await page.locator('[data-test="admin-org-name"]').innerText()).trim(), DEPT_A.name)
    // A department's functions: no queues of HR bureaus, none of units.
    await assertFunctions(page, {
      shown: ['org-info', 'admins', 'roles', 'suborgs', 'registration-reviews', 'unit-reviews', 'org-changes', 'password'],
      hidden: ['branch-reviews', 'hrb-reviews', 'dept-reviews', 'base-reviews', 'hrbs', 'depts', 'units', 'bases'],
    })
    assert.match(await page.locator('[data-test="fn-org-info"]').innerText(), /基本信息修改/)
    const waiting = page.locator('[data-test="fn-unit-reviews"] [data-test="pending-count"]')
    await waiting.waitFor({ state: 'visible' })
    assert.equal((await waiting.innerText()).trim(), '1 条待审核')
    await screenshot(page, 'orgs-dept-home')

    await openFunction(page, 'unit-reviews', '/admin/reviews/units')
    assert.equal((await page.locator('[data-test="page-title"]').innerText()).trim(), '用人单位审核')
    await expectTitle(page, '用人单位审核')
    const row = rowsWith(page, 'review-table', UNIT.name)
    await row.waitFor({ state: 'visible' })
    const rowText = await row.innerText()
    for (const words of ['差额拨款事业单位', '卫生', UNIT.phone, UNIT.uscc]) assert.ok(rowText.includes(words), `row lacks ${words}: ${rowText}`)

    // The name filter narrows the queue.
    await page.locator('[data-test="filter-name"]').fill('没有这个单位')
    await page.locator('[data-test="filter-search"]').click()
    await row.waitFor({ state: 'detached' })
    await page.locator('[data-test="filter-reset"]').click()
    await row.waitFor({ state: 'visible' })

    // 详细: the organisation's fields and its admin.
    await row.locator('[data-test="row-detail"]').click()
    const detail = page.locator('[data-test="detail-dialog"]')
    await detail.locator('[data-test="org-admins"]').getByText(UNIT.admin.name, { exact: true }).waitFor({ state: 'visible' })
    const detailText = await detail.innerText()
    for (const words of [UNIT.name, '用人单位', '差额拨款事业单位', '卫生', UNIT.phone, UNIT.address, UNIT.uscc, DEPT_A.name, UNIT.admin.phone, UNIT.admin.email, '超级管理员', '待审核']) {
      assert.ok(detailText.includes(words), `detail lacks ${words}`)
    }
    assert.ok(!detailText.includes(UNIT.admin.id), 'the admin\'s ID number is masked')
    await screenshot(page, 'orgs-unit-review-detail')
    await detail.locator('[data-test="detail-close"]').click()
    await detail.waitFor({ state: 'hidden' })

    // 批量通过: the answer item by item.
    await row.locator('.el-checkbox').click()
    await page.locator('[data-test="batch-approve"]').click()
    const result = page.locator('[data-test="result-dialog"]')
    await result.waitFor({ state: 'visible' })
    assert.match(await result.locator('[data-test="result-summary"]').innerText(), /通过:成功 1 条,失败 0 条/)
    assert.ok((await result.locator('[data-test="result-table"]').innerText()).includes(UNIT.name))
    await screenshot(page, 'orgs-unit-review-approved')
    await result.locator('[data-test="result-close"]').click()
    await row.waitFor({ state: 'detached' })
    assert.equal(orgRow(UNIT.name).status, 'approved')

    // 已审核 keeps the decision.
    await page.getByRole('tab', { name: '已审核' }).click()
    await rowsWith(page, 'review-table', UNIT.name).waitFor({ state: 'visible' })
    assert.match(await rowsWith(page, 'review-table', UNIT.name).innerText(), /审核通过/)
    assertNoConsoleErrors(page, 'unit review')
  })

  it('the unit\'s super admin creates a role limited to 账户审核 and adds an admin with it', async () => {
    const page = await signInAdmin('用人单位', UNIT.admin.id)
    assert.equal((await page.locator('[data-test="admin-org-name"]').innerText()).trim(), UNIT.name)
    await page.locator('[data-test="admin-super"]').waitFor({ state: 'visible' })
    await assertFunctions(page, {
      shown: ['org-info', 'admins', 'roles', 'suborgs', 'registration-reviews', 'branch-reviews', 'org-changes', 'password'],
      hidden: ['unit-reviews', 'hrb-reviews', 'dept-reviews', 'base-reviews', 'hrbs', 'depts', 'units', 'bases'],
    })
    await screenshot(page, 'orgs-unit-home')

    // 角色管理 → 新增角色 with 账户审核 only.
    const [listed] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/org/modules'),
      openFunction(page, 'roles', '/admin/roles'),
    ])
    const modules = (await listed.json()).map((m) => m.label)
    for (const m of ['账户审核', '信息修改审核', '单位资料管理', '直属账户管理', '下级单位管理']) assert.ok(modules.includes(m), `module ${m}`)
    await page.locator('[data-test="roles-table"]').waitFor({ state: 'visible' })
    await page.locator('[data-test="role-new"]').click()
    const dialog = page.locator('[data-test="role-dialog"]')
    await dialog.waitFor({ state: 'visible' })
    const offered = await dialog.locator('[data-test="role-modules"] .el-checkbox').allInnerTexts()
    assert.deepEqual(offered.map((t) => t.trim()), modules, 'every module of GET /api/v1/org/modules')
    await dialog.locator('[data-test="role-name"] input').fill(ROLE)
    await dialog.locator('[data-test="role-save"]').click()
    assert.equal(await fieldError(dialog, 'role-modules'), '请至少选择一个权限模块')
    await dialog.locator('[data-test="role-module-account_review"]').click()
    await dialog.locator('[data-test="role-save"]').click()
    await dialog.waitFor({ state: 'hidden' })
    const roleRow = rowsWith(page, 'roles-table', ROLE)
    await roleRow.waitFor({ state: 'visible' })
    assert.deepEqual((await roleRow.locator('[data-test="role-module"]').allInnerTexts()).map((t) => t.trim()), ['账户审核'])
    assert.equal((await roleRow.locator('[data-test="role-admins"]').innerText()).trim(), '0 人')
    await screenshot(page, 'orgs-roles')

    // 管理员 → 新增管理员, way b: 注册成为管理员 (非本系统用户).
    await Promise.all([page.waitForURL(`${URLS.sdrz}/admin`), page.locator('.trail a').filter({ hasText: '管理主页' }).click()])
    await openFunction(page, 'admins', '/admin/admins')
    const superRow = rowsWith(page, 'admins-table', UNIT.admin.name)
    await superRow.waitFor({ state: 'visible' })
    await superRow.locator('[data-test="admin-is-super"]').waitFor({ state: 'visible' })
    await page.locator('[data-test="admins-add"]').click()
    const add = page.locator('[data-test="admin-add-dialog"]')
    await add.waitFor({ state: 'visible' })
    const modes = (await add.locator('[data-test="admin-add-mode"] .el-radio').allInnerTexts()).map((t) => t.trim())
    assert.deepEqual(modes, ['a) 选择成为管理员(已是本部门人员)', 'b) 注册成为管理员(非本系统用户)', 'c) 添加成为管理员(已是本系统用户)'])
    // c) asks only for the ID, the name and their own password.
    await add.locator('[data-test="admin-add-mode-existing"]').click()
    await add.locator('[data-test="admin-add-password"]').waitFor({ state: 'visible' })
    assert.equal(await add.locator('[data-test="admin-add-password2"]').count(), 0)
    assert.equal(await add.locator('[data-test="admin-add-phone"]').count(), 0)
    await add.locator('[data-test="admin-add-mode-register"]').click()
    await add.locator('[data-test="admin-add-password2"]').waitFor({ state: 'visible' })
    await page.waitForFunction(() =>
      document.querySelector('[data-test="admin-add-id_type"] .el-select__placeholder:not(.is-transparent)')?.textContent.trim() === '居民身份证',
    )
    await add.locator('[data-test="admin-add-id_number"] input').fill(REVIEWER.id)
    await add.locator('[data-test="admin-add-password"] input').fill(PASSWORD)
    await add.locator('[data-test="admin-add-password2"] input').fill(PASSWORD)
    await add.locator('[data-test="admin-add-name"] input').fill(REVIEWER.name)
    await add.locator('[data-test="admin-add-phone"] input').fill(REVIEWER.phone)
    await add.locator('[data-test="admin-add-email"] input').fill(REVIEWER.email)
    await choose(page, add, 'admin-add-role', ROLE)
    await screenshot(page, 'orgs-admin-add')
    const [added] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/org/admins' && r.request().method() === 'POST'),
      add.locator('[data-test="admin-add-submit"]').click(),
    ])
    assert.equal(added.status(), 204, 'POST /api/v1/org/admins')
    await add.waitFor({ state: 'hidden' })
    const reviewerRow = rowsWith(page, 'admins-table', REVIEWER.name)
    await reviewerRow.waitFor({ state: 'visible' })
    assert.equal((await reviewerRow.locator('[data-test="admin-role-name"]').innerText()).trim(), ROLE)
    assert.ok(!(await reviewerRow.innerText()).includes(REVIEWER.id), 'ID number masked')
    await screenshot(page, 'orgs-admins')

    const unit = orgRow(UNIT.name)
    assert.deepEqual(adminsOf(unit.id), {
      [UNIT.admin.id]: { super: true, role: '' },
      [REVIEWER.id]: { super: false, role: ROLE },
    })

    // The role is in use now: 删除 is refused with the reason.
    await Promise.all([page.waitForURL(`${URLS.sdrz}/admin`), page.locator('.trail a').filter({ hasText: '管理主页' }).click()])
    await openFunction(page, 'roles', '/admin/roles')
    const used = rowsWith(page, 'roles-table', ROLE)
    await used.waitFor({ state: 'visible' })
    assert.equal((await used.locator('[data-test="role-admins"]').innerText()).trim(), '1 人')
    await used.locator('[data-test="role-delete"]').click()
    const confirm = page.locator('.el-message-box')
    await confirm.waitFor({ state: 'visible' })
    const [refused] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/api/v1/org/roles/') && r.request().method() === 'DELETE'),
      confirm.getByRole('button', { name: '删除' }).click(),
    ])
    assert.equal(refused.status(), 409)
    assert.equal((await refused.json()).error.code, 'role_in_use')
    const roleId = new URL(refused.url()).pathname.split('/').pop()
    const alert = page.locator('.el-message-box').filter({ hasText: '不能删除角色' })
    await alert.waitFor({ state: 'visible' })
    assert.match(await alert.innerText(), /正在被管理员使用/)
    await screenshot(page, 'orgs-role-in-use')
    await alert.getByRole('button', { name: '知道了' }).click()
    assert.ok(await used.isVisible(), 'the role stays')
    assertNoConsoleErrors(page, 'roles and admins', { allow: [apiAnswer(409, `org/roles/${roleId}`)] })
  })

  it('the second admin sees and opens 注册人员审核, not 直属账户管理, and is refused its pages', async () => {
    const page = await signInAdmin('用人单位', REVIEWER.id)
    assert.equal((await page.locator('[data-test="admin-org-name"]').innerText()).trim(), UNIT.name)
    assert.equal(await page.locator('[data-test="admin-super"]').count(), 0)
    // 账户审核 only: the registration queues of a unit; no admin, role,
    // information or subtree function.
    await assertFunctions(page, {
      shown: ['registration-reviews', 'branch-reviews', 'password'],
      hidden: ['admins', 'roles', 'org-info', 'suborgs', 'org-changes', 'unit-reviews'],
    })
    assert.equal(await page.locator('[data-test="group-accounts"]').count(), 0, 'no 直属账户管理')
    assert.equal(await page.locator('[data-test="group-info"]').count(), 0, 'no 单位资料管理')
    assert.ok(!(await page.locator('main').innerText()).includes('直属账户管理'))
    await screenshot(page, 'orgs-reviewer-home')

    await openFunction(page, 'registration-reviews', '/admin/reviews/registrations')
    assert.equal((await page.locator('[data-test="page-title"]').innerText()).trim(), '注册人员审核')
    await page.locator('[data-test="review-table"]').getByText('暂无记录').waitFor({ state: 'visible' })

    // A direct visit to the pages of 直属账户管理: a refusal at that address,
    // and the page's API is never asked.
    const asked = []
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname
      if (path.startsWith('/api/v1/org/')) asked.push(path)
    })
    for (const [path, name] of [['/admin/admins', '管理员'], ['/admin/roles', '角色管理'], ['/admin/org', '单位资料管理']]) {
      await page.goto(`${URLS.sdrz}${path}`, { waitUntil: 'networkidle' })
      const refused = page.locator('[data-test="forbidden"]')
      await refused.waitFor({ state: 'visible' })
      assert.equal(new URL(page.url()).pathname, path, 'the address stays')
      await expectTitle(page, '无权访问')
      assert.ok((await refused.innerText()).includes(`您无权使用“${name}”`), await refused.innerText())
      const reason = (await refused.locator('[data-test="forbidden-reason"]').innerText()).trim()
      assert.match(reason, path === '/admin/org' ? /单位资料管理/ : /直属账户管理/)
      assert.equal(await page.locator('[data-test="admins-table"], [data-test="roles-table"], [data-test="org-info"]').count(), 0, 'not the page')
      if (path === '/admin/admins') await screenshot(page, 'orgs-reviewer-refused')
    }
    assert.deepEqual(asked, [], 'no request to the refused pages\' API')
    // Its way back leads to 管理主页.
    await Promise.all([page.waitForURL(`${URLS.sdrz}/admin`), page.locator('[data-test="forbidden-home"]').click()])
    assertNoConsoleErrors(page, 'reviewer')
  })

  it('a branch registers under the unit without a USCC; the unit approves it on 下级单位审核', async () => {
    const page = await openPage(`${URLS.sdrz}/register?type=unit`)
    const form = page.locator('[data-test="org-register-form"]')
    await form.waitFor({ state: 'visible' })
    await radio(form, 'org-unit_type', '下级单位(分公司)')
    await form.locator('[data-test="org-parent_unit_id"]').waitFor({ state: 'visible' })
    assert.equal(await form.locator('[data-test="org-has_dept"]').count(), 0, 'a branch has no 是否有所属主管部门')
    assert.equal(await form.locator('[data-test="org-region_code"]').count(), 0)
    await pick(page, 'org-parent-pick', 'parent-picker', UNIT.name, UNIT.name)
    await assertValue(form.locator('[data-test="org-parent_unit_id"] input'), UNIT.name, '上级单位名称')
    await fillUnitBasics(page, form, BRANCH)
    // 无统一社会信用代码: the page says to contact the service desk.
    await radio(form, 'org-has_uscc', '否')
    assert.equal(await form.locator('[data-test="org-uscc"]').count(), 0)
    assert.match(await form.locator('[data-test="org-no-uscc"]').innerText(), /无统一社会信用代码的单位请联系客服人员处理/)
    // The admin is already a user of the system: ID, name and their password.
    await radio(form, 'org-admin_existing', '已是本系统用户')
    assert.equal(await form.locator('[data-test="org-admin_password2"]').count(), 0)
    assert.equal(await form.locator('[data-test="org-admin_email"]').count(), 0)
    await form.locator('[data-test="org-admin_id_number"] input').fill(REVIEWER.id)
    await form.locator('[data-test="org-admin_name"] input').fill(REVIEWER.name)
    await form.locator('[data-test="org-admin_password"] input').fill(PASSWORD)
    await form.locator('[data-test="org-agree"] .el-checkbox').click()
    await screenshot(page, 'orgs-register-branch-filled')
    const { status, body } = await submitRegistration(page, form)
    assert.equal(status, 201, JSON.stringify(body))
    const done = page.locator('[data-test="org-register-done"]')
    await done.waitFor({ state: 'visible' })
    assert.equal((await done.locator('[data-test="org-register-approver"]').innerText()).trim(), UNIT.name)
    assert.match(await done.locator('[data-test="org-register-notice"]').innerText(), /无统一社会信用代码的单位请联系客服人员处理/)
    await screenshot(page, 'orgs-register-branch-done')
    const unit = orgRow(UNIT.name)
    assert.deepEqual([orgRow(BRANCH.name).status, orgRow(BRANCH.name).parent], ['pending', unit.id])
    assertNoConsoleErrors(page, 'branch registration')

    // The unit's super admin approves it on 下级单位审核.
    const admin = await signInAdmin('用人单位', UNIT.admin.id)
    const waiting = admin.locator('[data-test="fn-branch-reviews"] [data-test="pending-count"]')
    await waiting.waitFor({ state: 'visible' })
    assert.equal((await waiting.innerText()).trim(), '1 条待审核')
    await openFunction(admin, 'branch-reviews', '/admin/reviews/branches')
    assert.equal((await admin.locator('[data-test="page-title"]').innerText()).trim(), '下级单位审核')
    const row = rowsWith(admin, 'review-table', BRANCH.name)
    await row.waitFor({ state: 'visible' })
    assert.ok((await row.innerText()).includes(UNIT.name), 'the parent unit in the row')
    await row.locator('[data-test="row-detail"]').click()
    const detail = admin.locator('[data-test="detail-dialog"]')
    await detail.locator('[data-test="org-admins"]').getByText(REVIEWER.name, { exact: true }).waitFor({ state: 'visible' })
    const text = await detail.innerText()
    assert.ok(text.includes('下级单位') && text.includes('无(请联系客服人员处理)') && text.includes(UNIT.name), text)
    await screenshot(admin, 'orgs-branch-review-detail')
    await detail.locator('[data-test="detail-approve"]').click()
    const result = admin.locator('[data-test="result-dialog"]')
    await result.waitFor({ state: 'visible' })
    assert.match(await result.locator('[data-test="result-summary"]').innerText(), /通过:成功 1 条,失败 0 条/)
    await result.locator('[data-test="result-close"]').click()
    await row.waitFor({ state: 'detached' })
    assert.equal(orgRow(BRANCH.name).status, 'approved')

    // 下级单位管理 lists it, with its admin.
    await Promise.all([admin.waitForURL(`${URLS.sdrz}/admin`), admin.locator('.trail a').filter({ hasText: '管理主页' }).click()])
    await openFunction(admin, 'suborgs', '/admin/suborgs')
    const sub = rowsWith(admin, 'suborg-table', BRANCH.name)
    await sub.waitFor({ state: 'visible' })
    assert.match(await sub.innerText(), /下级单位/)
    await sub.locator('[data-test="suborg-detail"]').click()
    const drawer = admin.locator('[data-test="suborg-drawer"]')
    await drawer.locator('[data-test="org-admins"]').getByText(REVIEWER.name, { exact: true }).waitFor({ state: 'visible' })
    // (Element Plus also renders a column's template once, hidden, without a row.)
    assert.equal(await drawer.locator('[data-test="org-admins"] .el-table__body-wrapper [data-test="suborg-admin-remove"]').count(), 0, 'the only (super) admin cannot be removed')
    await screenshot(admin, 'orgs-suborgs')
    assertNoConsoleErrors(admin, 'branch review')
  })

  it('the department removes an admin\'s rights on 下级单位管理', async () => {
    const page = await signInAdmin('主管部门', DEPT_A.admin.id)
    await openFunction(page, 'suborgs', '/admin/suborgs')
    // The unit and, below it, the branch.
    await rowsWith(page, 'suborg-table', BRANCH.name).waitFor({ state: 'visible' })
    const row = rowsWith(page, 'suborg-table', UNIT.name)
    await row.waitFor({ state: 'visible' })
    // 名称 narrows the list.
    await page.locator('[data-test="filter-name"]').fill(BRANCH.name)
    await page.locator('[data-test="filter-search"]').click()
    await row.waitFor({ state: 'detached' })
    await page.locator('[data-test="filter-reset"]').click()
    await row.waitFor({ state: 'visible' })

    await row.locator('[data-test="suborg-detail"]').click()
    const drawer = page.locator('[data-test="suborg-drawer"]')
    const reviewerRow = drawer.locator('[data-test="org-admins"] .el-table__body-wrapper tr').filter({ has: page.getByText(REVIEWER.name, { exact: true }) })
    await reviewerRow.waitFor({ state: 'visible' })
    assert.ok((await drawer.innerText()).includes(UNIT.admin.name))
    await screenshot(page, 'orgs-dept-suborg-drawer')
    await reviewerRow.locator('[data-test="suborg-admin-remove"]').click()
    const confirm = page.locator('.el-message-box')
    await confirm.waitFor({ state: 'visible' })
    assert.match(await confirm.innerText(), /移除后该管理员不能再登录管理该单位/)
    await confirm.getByRole('button', { name: '移除' }).click()
    await reviewerRow.waitFor({ state: 'detached' })
    assert.deepEqual(adminsOf(orgRow(UNIT.name).id), { [UNIT.admin.id]: { super: true, role: '' } })
    assertNoConsoleErrors(page, 'suborg admin removal')
  })

  it('单位资料管理: basic fields save at once; 更换上级部门 goes to both departments\' 机构信息修改审验', async () => {
    const page = await signInAdmin('用人单位', UNIT.admin.id)
    await openFunction(page, 'org-info', '/admin/org')
    assert.equal((await page.locator('[data-test="page-title"]').innerText()).trim(), '单位资料管理')
    const info = page.locator('[data-test="org-info"]')
    await info.waitFor({ state: 'visible' })
    const infoText = await info.innerText()
    for (const words of [UNIT.name, UNIT.uscc, DEPT_A.name, '审核通过']) assert.ok(infoText.includes(words), `org info lacks ${words}`)

    // The basic fields are saved at once.
    const basic = page.locator('[data-test="org-basic-form"]')
    await assertValue(basic.locator('[data-test="org-phone"] input'), UNIT.phone, '单位电话')
    await basic.locator('[data-test="org-phone"] input').fill('0633-1112222')
    const [put] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/org' && r.request().method() === 'PUT'),
      basic.locator('[data-test="org-save"]').click(),
    ])
    assert.equal(put.status(), 204, 'PUT /api/v1/org')
    assert.equal(orgRow(UNIT.name).phone, '0633-1112222')

    // 更换上级部门: to the other department.
    await page.locator('[data-test="org-change-parent"]').click()
    const dialog = page.locator('[data-test="org-change-dialog"]')
    await dialog.waitFor({ state: 'visible' })
    assert.equal((await dialog.locator('[data-test="change-current-parent"]').innerText()).trim(), DEPT_A.name)
    await pick(page, 'change-parent-pick', 'parent-picker', DEPT_B.name, DEPT_B.name)
    await assertValue(dialog.locator('[data-test="change-parent_id"] input'), DEPT_B.name, '新上级部门')
    await dialog.locator('[data-test="change-note"] textarea').fill('医院划归教育部门管理')
    await screenshot(page, 'orgs-change-parent')
    const [posted] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/org/change'),
      dialog.locator('[data-test="change-submit"]').click(),
    ])
    assert.equal(posted.status(), 202, await posted.text())
    await dialog.waitFor({ state: 'hidden' })
    // Pending: both buttons disabled, with the reason.
    await page.locator('[data-test="org-change-pending"]').waitFor({ state: 'visible' })
    assert.ok(await page.locator('[data-test="org-change-parent"]').isDisabled())
    assert.ok(await page.locator('[data-test="org-change-info"]').isDisabled())
    assert.match(await page.locator('[data-test="org-change-pending"]').innerText(), /已有待审核的变更申请/)
    await screenshot(page, 'orgs-change-pending')
    assertNoConsoleErrors(page, 'org info')

    // Each department sees it in 机构信息修改审验, before and after.
    for (const [dept, last] of [[DEPT_A, false], [DEPT_B, true]]) {
      const admin = await signInAdmin('主管部门', dept.admin.id)
      const waiting = admin.locator('[data-test="fn-org-changes"] [data-test="pending-count"]')
      await waiting.waitFor({ state: 'visible' })
      assert.equal((await waiting.innerText()).trim(), '1 条待审核')
      const [listed] = await Promise.all([
        admin.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/reviews/org-changes'),
        openFunction(admin, 'org-changes', '/admin/reviews/org-changes'),
      ])
      const item = (await listed.json()).items.find((i) => i.name === UNIT.name)
      assert.ok(item, 'the change in the queue')
      assert.equal((await admin.locator('[data-test="page-title"]').innerText()).trim(), '机构信息修改审验')
      const row = rowsWith(admin, 'review-table', UNIT.name)
      await row.waitFor({ state: 'visible' })
      assert.equal((await row.locator('[data-test="row-changes"]').innerText()).trim(), '上级部门')
      assert.ok((await row.innerText()).includes('医院划归教育部门管理'), 'the note')
      await row.locator('[data-test="row-detail"]').click()
      const detail = admin.locator('[data-test="detail-dialog"]')
      await detail.locator('[data-test="change-compare"]').waitFor({ state: 'visible' })
      assert.equal((await detail.locator('[data-test="before-parent_id"]').innerText()).trim(), DEPT_A.name)
      // The new parent's name is known to the new parent; the old one sees
      // it when the API names it (else its number).
      const afterText = (await detail.locator('[data-test="after-parent_id"]').innerText()).trim()
      if (dept === DEPT_B || item.review.after.parent_name) assert.equal(afterText, DEPT_B.name)
      else assert.equal(afterText, `编号 ${deptB} 的单位`)
      assert.match(await detail.innerText(), /原上级部门和新上级部门均审核通过后生效/)
      await screenshot(admin, dept === DEPT_A ? 'orgs-change-review-old-parent' : 'orgs-change-review-new-parent')
      await detail.locator('[data-test="detail-approve"]').click()
      const result = admin.locator('[data-test="result-dialog"]')
      await result.waitFor({ state: 'visible' })
      assert.match(await result.locator('[data-test="result-summary"]').innerText(), /通过:成功 1 条,失败 0 条/)
      await result.locator('[data-test="result-close"]').click()
      await row.waitFor({ state: 'detached' })
      // Applied when the last approver approved, not before.
      assert.equal(orgRow(UNIT.name).parent, last ? deptB : deptA, last ? 'moved' : 'one approval is not enough')
      assertNoConsoleErrors(admin, `change review of ${dept.name}`)
    }

    // The unit's page shows the new parent and allows changes again.
    await page.reload({ waitUntil: 'networkidle' })
    await info.waitFor({ state: 'visible' })
    assert.ok((await info.innerText()).includes(DEPT_B.name), 'the new parent')
    assert.ok(!(await page.locator('[data-test="org-change-parent"]').isDisabled()))
    assert.equal(await page.locator('[data-test="org-change-pending"]').count(), 0)
  })
  it('新增管理员 way c (an existing user), 删除, and 设为超级管理员 moves the super right', async () => {
    const name = `测试管理员单位${STAMP}`
    const owner = { ...freshId(1), name: `周${spell((STAMP + 9) % 100)}` }
    const r = sdrzctl('org-add', '--kind', 'unit', '--parent', root, '--name', name,
      '--admin-id', owner.id, '--admin-name', owner.name, '--admin-password', PASSWORD)
    assert.equal(r.status, 0, `sdrzctl org-add ${name}: ${r.stderr}`)
    const unit = orgRow(name)
    const page = await signInAdmin('用人单位', owner.id)

    // A role to give.
    await openFunction(page, 'roles', '/admin/roles')
    await page.locator('[data-test="role-new"]').click()
    const dialog = page.locator('[data-test="role-dialog"]')
    await dialog.waitFor({ state: 'visible' })
    await dialog.locator('[data-test="role-name"] input').fill(ROLE)
    await dialog.locator('[data-test="role-module-account_review"]').click()
    await dialog.locator('[data-test="role-module-info_review"]').click()
    await dialog.locator('[data-test="role-save"]').click()
    await dialog.waitFor({ state: 'hidden' })
    await rowsWith(page, 'roles-table', ROLE).waitFor({ state: 'visible' })

    // c) 添加成为管理员: the department's admin, with their own password;
    // a wrong password is refused beside the field.
    await Promise.all([page.waitForURL(`${URLS.sdrz}/admin`), page.locator('.trail a').filter({ hasText: '管理主页' }).click()])
    await openFunction(page, 'admins', '/admin/admins')
    const addExisting = async (password) => {
      await page.locator('[data-test="admins-add"]').click()
      const add = page.locator('[data-test="admin-add-dialog"]')
      await add.waitFor({ state: 'visible' })
      await add.locator('[data-test="admin-add-mode-existing"]').click()
      await add.locator('[data-test="admin-add-id_number"] input').fill(DEPT_A.admin.id)
      await add.locator('[data-test="admin-add-name"] input').fill(DEPT_A.admin.name)
      await add.locator('[data-test="admin-add-password"] input').fill(password)
      await choose(page, add, 'admin-add-role', ROLE)
      const [res] = await Promise.all([
        page.waitForResponse((x) => new URL(x.url()).pathname === '/api/v1/org/admins' && x.request().method() === 'POST'),
        add.locator('[data-test="admin-add-submit"]').click(),
      ])
      return { add, res }
    }
    const wrong = await addExisting('Wrong2026pass')
    assert.equal(wrong.res.status(), 400)
    const { fields } = (await wrong.res.json()).error
    const [[field, message]] = Object.entries(fields)
    await wrong.add.locator(`[data-test="admin-add-${field}"] .el-form-item__error`).getByText(message, { exact: true }).waitFor({ state: 'visible' })
    await wrong.add.locator('.el-dialog__headerbtn').click()
    await wrong.add.waitFor({ state: 'hidden' })
    const ok = await addExisting(PASSWORD)
    assert.equal(ok.res.status(), 204)
    await ok.add.waitFor({ state: 'hidden' })
    const added = rowsWith(page, 'admins-table', DEPT_A.admin.name)
    await added.waitFor({ state: 'visible' })
    assert.deepEqual(adminsOf(unit.id)[DEPT_A.admin.id], { super: false, role: ROLE })

    // 删除 (confirmed) removes the admin's rights.
    await added.locator('[data-test="admin-delete"]').click()
    let confirm = page.locator('.el-message-box')
    await confirm.waitFor({ state: 'visible' })
    await confirm.getByRole('button', { name: '删除' }).click()
    await added.waitFor({ state: 'detached' })
    assert.equal(adminsOf(unit.id)[DEPT_A.admin.id], undefined)

    // Added again, then 设为超级管理员: the right moves; the former super
    // admin keeps no function (no role) and is led back to 管理主页.
    assert.equal((await addExisting(PASSWORD)).res.status(), 204)
    await added.waitFor({ state: 'visible' })
    await added.locator('[data-test="admin-super"]').click()
    confirm = page.locator('.el-message-box')
    await confirm.waitFor({ state: 'visible' })
    assert.match(await confirm.innerText(), new RegExp(`原超级管理员“${owner.name}”将失去超级管理员权限`))
    await screenshot(page, 'orgs-admin-make-super')
    await Promise.all([page.waitForURL(`${URLS.sdrz}/admin`), confirm.getByRole('button', { name: '确定' }).click()])
    await page.locator('[data-test="admin-no-functions"]').waitFor({ state: 'visible' })
    assert.deepEqual(await functionsShown(page), ['fn-password'])
    await page.waitForFunction(() => !document.querySelector('[data-test="account-role"]')?.textContent.includes('超级管理员'))
    assert.deepEqual(adminsOf(unit.id), {
      [owner.id]: { super: false, role: '' },
      // The super admin holds every module; their role is dropped.
      [DEPT_A.admin.id]: { super: true, role: '' },
    })
    await screenshot(page, 'orgs-admin-super-moved')
    assertNoConsoleErrors(page, 'super right', { allow: [apiAnswer(400, 'org/admins')] })
  })

  it('a department registers on 主管部门注册; the city bureau approves it on 主管部门审核 and lists it on 主管部门管理', async () => {
    const page = await openPage(`${URLS.sdrz}/register?type=dept`)
    await expectTitle(page, '主管部门注册')
    const form = page.locator('[data-test="org-register-form"]')
    await form.waitFor({ state: 'visible' })
    await page.waitForFunction(() =>
      document.querySelector('[data-test="org-admin_id_type"] .el-select__placeholder:not(.is-transparent)')?.textContent.trim() === '居民身份证',
    )
    // A department: 级别 and 所在地区, no 是否有所属主管部门.
    assert.equal(await form.locator('[data-test="org-has_dept"]').count(), 0)
    assert.equal(await form.locator('[data-test="org-unit_type"]').count(), 0)
    await form.locator('[data-test="org-name"] input').fill(DEPT_C.name)
    await choose(page, form, 'org-nature', '机关')
    await form.locator('[data-test="org-phone"] input').fill(DEPT_C.phone)
    await choose(page, form, 'org-industry', '房屋建筑业')
    await choose(page, form, 'org-level', '市级')
    await choose(page, form, 'org-region_code', '日照市(市直)')
    await form.locator('[data-test="org-address"] input').fill(DEPT_C.address)
    await form.locator('[data-test="org-uscc"] input').fill(DEPT_C.uscc)
    await form.locator('[data-test="org-admin_id_number"] input').fill(DEPT_C.admin.id)
    await form.locator('[data-test="org-admin_password"] input').fill(PASSWORD)
    await form.locator('[data-test="org-admin_password2"] input').fill(PASSWORD)
    await form.locator('[data-test="org-admin_name"] input').fill(DEPT_C.admin.name)
    await form.locator('[data-test="org-admin_phone"] input').fill(DEPT_C.admin.phone)
    await form.locator('[data-test="org-admin_email"] input').fill(DEPT_C.admin.email)
    await form.locator('[data-test="org-agree"] .el-checkbox').click()
    const { status, body } = await submitRegistration(page, form)
    assert.equal(status, 201, JSON.stringify(body))
    const [[cityName]] = sql(`SELECT name FROM org WHERE id = ${root}`)
    assert.equal((await page.locator('[data-test="org-register-approver"]').innerText()).trim(), cityName)
    await screenshot(page, 'orgs-register-dept-done')
    assertNoConsoleErrors(page, 'department registration')

    // The city bureau: every function of an HR bureau, 人社部门 ones too.
    const [[cityAdmin]] = sql(`SELECT p.id_number FROM org_admin a JOIN person p ON p.id = a.person_id
      WHERE a.org_id = ${root} AND a.is_super = 1 AND a.status = 'active'`)
    const city = await signInAdmin('人社部门', cityAdmin, CITY_PASSWORD)
    await assertFunctions(city, {
      shown: ['org-info', 'admins', 'roles', 'hrbs', 'depts', 'units', 'bases', 'registration-reviews', 'hrb-reviews', 'dept-reviews', 'unit-reviews', 'base-reviews', 'org-changes'],
      hidden: ['suborgs', 'branch-reviews'],
    })
    assert.match(await city.locator('[data-test="group-accounts"]').innerText(), /^账户管理/)
    assert.match(await city.locator('[data-test="fn-org-info"]').innerText(), /基本信息维护/)
    await screenshot(city, 'orgs-city-home')

    await openFunction(city, 'dept-reviews', '/admin/reviews/depts')
    assert.equal((await city.locator('[data-test="page-title"]').innerText()).trim(), '主管部门审核')
    // 名称, 性质 and 级别, as the manual has them for departments.
    for (const f of ['filter-nature', 'filter-level']) await city.locator(`[data-test="${f}"]`).waitFor({ state: 'visible' })
    await city.locator('[data-test="filter-name"]').fill(DEPT_C.name)
    await city.locator('[data-test="filter-search"]').click()
    const row = rowsWith(city, 'review-table', DEPT_C.name)
    await row.waitFor({ state: 'visible' })
    assert.match(await row.innerText(), /市级/)
    await row.locator('.el-checkbox').click()
    await city.locator('[data-test="batch-approve"]').click()
    const result = city.locator('[data-test="result-dialog"]')
    await result.waitFor({ state: 'visible' })
    assert.match(await result.locator('[data-test="result-summary"]').innerText(), /通过:成功 1 条,失败 0 条/)
    await result.locator('[data-test="result-close"]').click()
    assert.equal(orgRow(DEPT_C.name).status, 'approved')

    // 主管部门管理 lists it (filtered by name) with its admin.
    await Promise.all([city.waitForURL(`${URLS.sdrz}/admin`), city.locator('.trail a').filter({ hasText: '管理主页' }).click()])
    await openFunction(city, 'depts', '/admin/orgs/depts')
    assert.equal((await city.locator('[data-test="page-title"]').innerText()).trim(), '主管部门管理')
    await city.locator('[data-test="filter-name"]').fill(DEPT_C.name)
    await city.locator('[data-test="filter-search"]').click()
    const listed = rowsWith(city, 'suborg-table', DEPT_C.name)
    await listed.waitFor({ state: 'visible' })
    await listed.locator('[data-test="suborg-detail"]').click()
    const drawer = city.locator('[data-test="suborg-drawer"]')
    await drawer.locator('[data-test="org-admins"]').getByText(DEPT_C.admin.name, { exact: true }).waitFor({ state: 'visible' })
    assert.ok((await drawer.innerText()).includes(DEPT_C.uscc))
    await screenshot(city, 'orgs-city-depts')

    // The bureau may take even the super admin's rights, after a warning
    // that the department is then left without one and how to appoint one.
    const superRow = drawer.locator('[data-test="org-admins"] .el-table__body-wrapper tr').filter({ has: city.getByText(DEPT_C.admin.name, { exact: true }) })
    await superRow.locator('[data-test="suborg-admin-remove"]').click()
    const warning = city.locator('.el-message-box')
    await warning.waitFor({ state: 'visible' })
    const said = await warning.innerText()
    assert.match(said, /移除超级管理员权限/)
    assert.match(said, /将没有超级管理员/)
    assert.match(said, /设为超级管理员/)
    await screenshot(city, 'orgs-city-remove-super')
    await warning.getByRole('button', { name: '移除' }).click()
    await superRow.waitFor({ state: 'detached' })
    assert.deepEqual(adminsOf(orgRow(DEPT_C.name).id), {})

    // 基本信息维护 of the root: no change of name, code or parent offered.
    await city.goto(`${URLS.sdrz}/admin/org`, { waitUntil: 'networkidle' })
    await city.locator('[data-test="org-info"]').waitFor({ state: 'visible' })
    assert.equal((await city.locator('[data-test="page-title"]').innerText()).trim(), '基本信息维护')
    assert.equal(await city.locator('[data-test="org-change-info"], [data-test="org-change-parent"]').count(), 0)
    assertNoConsoleErrors(city, 'city bureau')
  })
})
