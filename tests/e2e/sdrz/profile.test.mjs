// The personnel profile through the pages, in a real Chromium
// against the running stack. Two units are made with sdrzctl org-add; a
// person registers with the first through the API and its admin approves
// them. In the browser the person opens 用户资料管理 from the personnel
// home: 工作单位, 姓名 and 证件号 are shown but locked, the free fields save
// at once; 职称信息修改 changes 工作部门 and the title (工程师 → 高级工程师)
// with a PDF chosen in the file input (a file of the wrong type is refused
// by the page, a fake PDF by the server, a picture is removed before
// submitting); the profile keeps the approved title with a 待审核 mark and
// shows the submitted one; 单位调转 is refused while the change waits. The
// unit's admin opens 人员信息修改审核, the comparison (the changed fields
// highlighted) and the proof file, and approves; the person's profile shows
// the new title. Then the person asks to move to the second unit, withdraws,
// asks again; the second unit's admin accepts on 调入审核; the first unit's
// 人员管理 no longer lists the person, the second's does, both see the
// transfer in 调转记录, and the second corrects the person's name with a
// required 更正说明.
//
//   cd tests && node --test e2e/sdrz/profile.test.mjs
//
// Setup uses the admin tool and the API; captcha answers and checks come
// from the database, as the tests may (never the pages).
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sdrzctl, sql } from '../../api/lib.mjs'
import { Client, registration } from '../../api/accounts-lib.mjs'
import { URLS, apiAnswer, assertNoConsoleErrors, launchBrowser, screenshot } from '../browser.mjs'
import { STAMP, assertValue, choose, freshId, openPage as openPageIn, pick, signInWith, spell, typeDate } from '../helpers.mjs'

const PASSWORD = 'Prof2026page'
const UNIT_A = { name: `资料测试设计院${STAMP}`, admin: { ...freshId(1), name: '甲单位管理员' } }
const UNIT_B = { name: `资料测试建设集团${STAMP}`, admin: { ...freshId(2), name: '乙单位管理员' } }
const PERSON = { ...freshId(1), name: `周${spell(STAMP % 1000)}`, password: 'Study2026page' }
const NEW_NAME = `周${spell((STAMP + 5) % 1000)}`

/** A one-page PDF showing `line` (Helvetica, so ASCII). */
function onePagePdf(line) {
  const content = `BT /F1 20 Tf 30 100 Td (${line}) Tj ET`
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let out = '%PDF-1.4\n'
  const offsets = objs.map((o, i) => {
    const at = out.length
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
    return at
  })
  const xref = out.length
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

// The proof files, written to a temporary folder and chosen in the page.
const PDF = onePagePdf('Senior engineer certificate (test)')
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)
const FILES = {}

let b
let dir
let personPage
let adminPage
let unitA
let unitB
let pid
// Codes and names from the dictionaries.
let T

// ---------------------------------------------------------------- helpers

const openPage = (url) => openPageIn(b, url)

function orgAdd(org) {
  const root = sql('SELECT id FROM org WHERE parent_id IS NULL')
  assert.equal(root.length, 1, 'one root organisation (the city HR bureau)')
  const r = sdrzctl('org-add', '--kind', 'unit', '--parent', root[0][0], '--name', org.name,
    '--admin-id', org.admin.id, '--admin-name', org.admin.name, '--admin-password', PASSWORD)
  assert.equal(r.status, 0, `sdrzctl org-add ${org.name}: ${r.stderr}`)
  return Number(/created organisation (\d+)/.exec(r.stdout)[1])
}

function code(dict, name, parent) {
  const rows = sql(`SELECT code, attr FROM dict_item WHERE dict = '${dict}' AND name = '${name}'${parent ? ` AND parent_code = '${parent}'` : ''} ORDER BY sort, code LIMIT 1`)
  assert.equal(rows.length, 1, `${dict} ${name}`)
  return rows[0][0]
}

function personnelRow() {
  const [[org, dept, qual, effective, appointed, school, phone]] = sql(`SELECT pe.org_id, pe.dept, pe.title_qualification,
    COALESCE(pe.title_effective_on, ''), COALESCE(pe.appointed_on, ''), pe.school, p.phone
    FROM personnel pe JOIN person p ON p.id = pe.person_id WHERE pe.person_id = ${pid}`)
  return { org: Number(org), dept, qual, effective, appointed, school, phone }
}

/** Signs in on the home page; waits for the role's home. */
async function signIn(userType, idNumber, password, home) {
  const page = await openPage(`${URLS.sdrz}/`)
  const form = page.locator('[data-test="login-form"]')
  const { status, body } = await signInWith(page, form, { userType, idNumber, password })
  assert.equal(status, 200, JSON.stringify(body))
  await page.waitForURL(`${URLS.sdrz}${home}`)
  await page.waitForLoadState('networkidle')
  return page
}

async function signInAdmin(org) {
  const page = await signIn('用人单位', org.admin.id, PASSWORD, '/admin')
  await page.locator('[data-test="admin-org"] .org-meta').waitFor({ state: 'visible' })
  await page.locator('[data-test="fn-password"]').waitFor({ state: 'visible' })
  await page.waitForLoadState('networkidle')
  return page
}

/** Opens a function of the admin home; waits for its page. */
async function openFunction(page, key, path, title) {
  await Promise.all([page.waitForURL(`${URLS.sdrz}${path}`), page.locator(`[data-test="fn-${key}"]`).click()])
  await page.locator('[data-test="page-title"]').getByText(title, { exact: true }).waitFor({ state: 'visible' })
  await page.waitForLoadState('networkidle')
}

/** The rows of the table `[data-test=table]` whose name is `text`. */
function rowsWith(page, table, text) {
  return page
    .locator(`[data-test="${table}"] .el-table__body-wrapper tr`)
    .filter({ has: page.locator('[data-test="row-name"]').getByText(text, { exact: true }) })
}

const text = async (locator) => (await locator.innerText()).trim()

/** The body of an answer for a message ('' for 204 and the like). */
const bodyOf = (response) => response.text().catch(() => '')

/** A row of the comparison: { changed, before, after }. */
async function compareRow(scope, key) {
  const row = scope.locator(`[data-test="compare-${key}"]`)
  return {
    changed: (await row.getAttribute('data-changed')) === '1',
    before: await text(row.locator('[data-test="compare-before"]')),
    after: await text(row.locator('[data-test="compare-after"]')),
  }
}

/** Clicks the button `name` of the Element Plus confirmation box. */
async function confirmBox(page, name) {
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  await box.getByRole('button', { name }).click()
  await box.waitFor({ state: 'hidden' })
}

// ---------------------------------------------------------------- the tests

describe('the personnel profile through the pages', () => {
  before(async () => {
    unitA = orgAdd(UNIT_A)
    unitB = orgAdd(UNIT_B)
    T = {
      series: '工程技术人员',
      oldLevel: '中级',
      newLevel: '副高级',
      oldTitle: '工程师',
      newTitle: '高级工程师',
    }
    const series = code('title_series', T.series)
    T.seriesCode = series
    T.oldCode = code('title_qualification', T.oldTitle, series)
    T.newCode = code('title_qualification', T.newTitle, series)

    // Registered through the API, approved by the unit's admin.
    const body = registration(unitA, {
      id_number: PERSON.id,
      password: PERSON.password,
      password2: PERSON.password,
      name: PERSON.name,
      phone: '13906331111',
      email: `person${STAMP}@example.cn`,
      dept: '结构设计所',
      ethnic: code('ethnic', '汉族'),
      education: code('education', '大学本科毕业'),
      school: '山东科技大学',
      major_code: code('major', '土木工程'),
      graduated_on: '2008-07-01',
      degree: code('degree', '工学学士学位'),
      title_series: series,
      title_level: code('title_level', T.oldLevel),
      title_qualification: T.oldCode,
      prof_qualification: code('prof_qualification', '无'),
      prof_qualification_level: code('prof_qualification_level', '无'),
    })
    const reg = await new Client().postSolved('/api/v1/register/personnel', body)
    assert.equal(reg.status, 201, reg.text)
    const admin = new Client()
    assert.equal((await admin.login('unit', UNIT_A.admin.id, PASSWORD)).status, 200)
    const [[rid]] = sql(`SELECT r.id FROM review r JOIN person p ON p.id = r.subject_id
      WHERE r.kind = 'personnel_reg' AND p.id_number = '${PERSON.id}'`)
    const d = await admin.post('/api/v1/reviews/personnel-registrations/decide', { ids: [Number(rid)], decision: 'approve' })
    assert.equal(d.json.done, 1, d.text)
    pid = Number(sql(`SELECT id FROM person WHERE id_number = '${PERSON.id}'`)[0][0])

    dir = mkdtempSync(join(tmpdir(), 'sdrz-profile-'))
    FILES.pdf = join(dir, '高级工程师资格证书.pdf')
    FILES.png = join(dir, '聘任文件.png')
    FILES.txt = join(dir, '说明.txt')
    FILES.fake = join(dir, '伪造证书.pdf')
    writeFileSync(FILES.pdf, PDF)
    writeFileSync(FILES.png, PNG)
    writeFileSync(FILES.txt, '不是证明材料')
    writeFileSync(FILES.fake, 'MZ this is not a PDF at all')
    b = await launchBrowser()
  })

  after(async () => {
    if (b) await b.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('the person sees the locked fields and saves the free ones on 用户资料管理', async () => {
    const page = await signIn('专业技术人员', PERSON.id, PERSON.password, '/personnel')
    personPage = page
    await Promise.all([page.waitForURL(`${URLS.sdrz}/personnel/profile`), page.locator('[data-test="me-profile"]').click()])
    await page.locator('[data-test="profile-form"]').waitFor({ state: 'visible' })
    await page.waitForLoadState('networkidle')
    assert.equal(await page.title(), '用户资料管理 - 日照市专业技术人员继续教育公共服务平台')

    // 工作单位, 姓名, 证件号: shown, not editable, and whom to ask.
    assert.equal(await text(page.locator('[data-test="profile-name"]')), PERSON.name)
    assert.equal(await text(page.locator('[data-test="profile-org"]')), UNIT_A.name)
    assert.match(await text(page.locator('[data-test="profile-id-number"]')), /^\d{10}\*{4}\d{3}[\dX]$/)
    assert.equal(await page.locator('[data-test="profile-locked"] input').count(), 0, 'nothing to type in the locked fields')
    const note = await text(page.locator('[data-test="locked-note"]'))
    assert.match(note, /工作单位、姓名、证件号注册成功后不允许自行修改/)
    assert.match(note, /所在单位管理员或客服人员/)
    // The approved title.
    assert.equal(await text(page.locator('[data-test="title-title_qualification"]')), T.oldTitle)
    assert.equal(await text(page.locator('[data-test="title-dept"]')), '结构设计所')
    assert.equal(await page.locator('[data-test="title-pending-mark"]').count(), 0)

    // The free fields save at once. (Fields GET /api/v1/me does not give are
    // filled in again; choosing the same value keeps it.)
    const form = page.locator('[data-test="profile-form"]')
    await assertValue(form.locator('[data-test="pf-phone"] input'), '13906331111', '手机号 as registered')
    await form.locator('[data-test="pf-phone"] input').fill('13906332222')
    await form.locator('[data-test="pf-school"] input').fill('同济大学')
    await choose(page, form, 'pf-ethnic', '汉族')
    await choose(page, form, 'pf-education', '大学本科毕业')
    await choose(page, form, 'pf-degree', '工学学士学位')
    await pick(page, 'pf-major-pick', 'major-picker', '土木工程', '土木工程')
    await typeDate(form, 'pf-graduated_on', '2008-07-01')
    await form.locator('[data-test="pf-postdoc"] .el-radio').filter({ hasText: '否' }).click()
    await choose(page, form, 'pf-prof_qualification', '无')
    await choose(page, form, 'pf-prof_qualification_level', '无')
    const [saved] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/profile' && r.request().method() === 'PUT'),
      page.locator('[data-test="profile-save"]').click(),
    ])
    assert.equal(saved.status(), 204, await bodyOf(saved))
    const sent = saved.request().postDataJSON()
    for (const locked of ['name', 'id_number', 'id_type', 'org_id', 'dept', 'title_qualification']) {
      assert.ok(!(locked in sent), `the page does not send ${locked}`)
    }
    // Shown once the page has read the person again.
    await page.locator('[data-test="profile-saved"]').waitFor({ state: 'visible' })
    const row = personnelRow()
    assert.equal(row.phone, '13906332222')
    assert.equal(row.school, '同济大学')
    await page.reload({ waitUntil: 'networkidle' })
    await assertValue(page.locator('[data-test="pf-phone"] input'), '13906332222', '手机号 after a reload')
    await screenshot(page, 'profile-page')
    assertNoConsoleErrors(page, 'profile')
  })

  it('the person changes the title with a proof file; the profile keeps the approved one until the decision', async () => {
    const page = personPage
    await page.locator('[data-test="change-open"]').click()
    const card = page.locator('[data-test="change-form"]')
    await card.waitFor({ state: 'visible' })
    // The form starts from the approved values.
    await assertValue(card.locator('[data-test="cf-dept"] input'), '结构设计所', '工作部门 prefilled')
    await page.waitForFunction(
      (t) => document.querySelector('[data-test="cf-title_qualification"] .el-select__placeholder:not(.is-transparent)')?.textContent.trim() === t,
      T.oldTitle,
    )

    await card.locator('[data-test="cf-dept"] input').fill('建筑设计所')
    await choose(page, card, 'cf-title_level', T.newLevel)
    await choose(page, card, 'cf-title_qualification', T.newTitle)
    await typeDate(card, 'cf-title_effective_on', '2025-10-10')
    await typeDate(card, 'cf-appointed_on', '2025-12-12')

    // The proof files: a text file is refused by the page, a fake PDF by the
    // server (by content), a picture is uploaded and removed again.
    const input = card.locator('[data-test="proof-input"]')
    let uploads = 0
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/attachments' && r.method() === 'POST') uploads += 1
    })
    await input.setInputFiles(FILES.txt)
    await card.locator('[data-test="proof-problem"]').filter({ hasText: '不是 PDF、JPG 或 PNG 文件' }).waitFor({ state: 'visible' })
    assert.equal(uploads, 0, 'a text file is not sent')
    const [refused] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/attachments'),
      input.setInputFiles(FILES.fake),
    ])
    assert.equal(refused.status(), 400)
    await card.locator('[data-test="proof-problem"]').filter({ hasText: '伪造证书.pdf' }).waitFor({ state: 'visible' })
    assert.equal(await card.locator('[data-test="proof-item"]').count(), 0)

    const [stored] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/attachments'),
      input.setInputFiles([FILES.pdf, FILES.png]),
    ])
    assert.equal(stored.status(), 201)
    await card.locator('[data-test="proof-item"]').nth(1).waitFor({ state: 'visible' })
    const items = card.locator('[data-test="proof-item"]')
    assert.deepEqual(await card.locator('[data-test="proof-link"]').allInnerTexts(), ['高级工程师资格证书.pdf', '聘任文件.png'])
    assert.match(await text(items.nth(0)), /\d+ B/)
    await items.filter({ hasText: '聘任文件.png' }).locator('[data-test="proof-remove"]').click()
    await items.filter({ hasText: '聘任文件.png' }).waitFor({ state: 'detached' })
    assert.deepEqual(await card.locator('[data-test="proof-link"]').allInnerTexts(), ['高级工程师资格证书.pdf'])
    await screenshot(page, 'profile-change-form')

    const [answer] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/profile-change'),
      card.locator('[data-test="change-submit"]').click(),
    ])
    assert.equal(answer.status(), 202, await bodyOf(answer))
    const body = answer.request().postDataJSON()
    assert.equal(body.attachments.length, 1, 'the removed picture is not sent')
    const [[attName, attReview]] = sql(`SELECT name, COALESCE(review_id, 0) FROM attachment WHERE id = ${Number(body.attachments[0])}`)
    assert.equal(attName, '高级工程师资格证书.pdf')
    const [[rid, status]] = sql(`SELECT id, status FROM review WHERE kind = 'profile_change' AND subject_id = ${pid} ORDER BY id DESC LIMIT 1`)
    assert.equal(status, 'pending')
    assert.equal(attReview, rid, 'the proof is bound to the review')

    // The approved values stay, marked 待审核, with the submitted ones beside.
    await card.waitFor({ state: 'detached' })
    await page.locator('[data-test="title-pending-mark"]').waitFor({ state: 'visible' })
    assert.equal(await text(page.locator('[data-test="title-pending-mark"]')), '待审核')
    assert.equal(await text(page.locator('[data-test="title-title_qualification"]')), T.oldTitle)
    assert.equal(await text(page.locator('[data-test="title-dept"]')), '结构设计所')
    const pending = page.locator('[data-test="change-pending"]')
    assert.deepEqual(await compareRow(pending, 'title_qualification'), { changed: true, before: T.oldTitle, after: T.newTitle })
    assert.deepEqual(await compareRow(pending, 'dept'), { changed: true, before: '结构设计所', after: '建筑设计所' })
    assert.equal((await compareRow(pending, 'title_series')).changed, false)
    assert.deepEqual(await pending.locator('[data-test="change-proof-link"]').allInnerTexts(), ['高级工程师资格证书.pdf'])
    assert.equal(await page.locator('[data-test="change-open"]').count(), 0, 'no second change while one waits')
    assert.match(await text(page.locator('[data-test="change-blocked"]')), /等待单位审核/)
    assert.equal(personnelRow().qual, T.oldCode, 'nothing applied yet')
    await screenshot(page, 'profile-change-pending')
    assertNoConsoleErrors(page, 'title change', { allow: [apiAnswer(400, 'attachments')] })
  })

  it('单位调转 warns and shows the refusal while the change waits', async () => {
    const page = personPage
    await Promise.all([page.waitForURL(`${URLS.sdrz}/personnel/transfer`), page.locator('[data-test="profile-transfer-open"]').click()])
    await page.locator('[data-test="transfer-form"]').waitFor({ state: 'visible' })
    assert.match(await text(page.locator('[data-test="transfer-warning"]')), /请在申请单位调转前确认没有未完成的信息修改审核/)
    await page.locator('[data-test="transfer-change-pending"]').waitFor({ state: 'visible' })
    assert.equal(await text(page.locator('[data-test="transfer-current-org"]')), UNIT_A.name)
    await pick(page, 'transfer-pick', 'transfer-picker', UNIT_B.name, UNIT_B.name)
    const [refused] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/transfer'),
      page.locator('[data-test="transfer-submit"]').click(),
    ])
    assert.equal(refused.status(), 409)
    assert.match(await text(page.locator('[data-test="transfer-error"]')), /信息修改正在等待审核/)
    assert.equal(sql(`SELECT COUNT(*) FROM personnel_transfer WHERE person_id = ${pid}`)[0][0], '0')
    await screenshot(page, 'profile-transfer-refused')
    assertNoConsoleErrors(page, 'transfer refused', { allow: [apiAnswer(400, 'attachments'), apiAnswer(409, 'me/transfer')] })
  })

  it('the unit admin compares the change and rejects it with a reason', async () => {
    const page = await signInAdmin(UNIT_A)
    adminPage = page
    const waiting = page.locator('[data-test="fn-profile-changes"] [data-test="pending-count"]')
    await waiting.waitFor({ state: 'visible' })
    assert.equal(await text(waiting), '1 条待审核')
    await page.locator('[data-test="group-personnel"]').waitFor({ state: 'visible' })
    await screenshot(page, 'profile-admin-home')
    await openFunction(page, 'profile-changes', '/admin/reviews/profile-changes', '人员信息修改审核')
    const row = rowsWith(page, 'review-table', PERSON.name)
    await row.waitFor({ state: 'visible' })
    assert.equal(await text(row.locator('[data-test="row-changes"]')), '工作部门、职称级别、现专业技术职务资格、评审通过时间、聘任日期')
    assert.equal(await text(row.locator('[data-test="row-new-title"]')), T.newTitle)

    // The filters narrow the queue.
    await page.locator('[data-test="filter-name"]').fill('没有这个人')
    await page.locator('[data-test="filter-search"]').click()
    await row.waitFor({ state: 'detached' })
    await page.locator('[data-test="filter-reset"]').click()
    await row.waitFor({ state: 'visible' })
    await page.locator('[data-test="filter-id-number"]').fill(PERSON.id.toLowerCase())
    await page.locator('[data-test="filter-search"]').click()
    await page.waitForLoadState('networkidle')
    assert.equal(await page.locator('[data-test="review-table"] .el-table__body-wrapper tr').count(), 1, 'only this person by ID number')

    // 修改详情: every field before and after, the changed ones highlighted.
    await row.locator('[data-test="row-detail"]').click()
    const detail = page.locator('[data-test="detail-dialog"]')
    await detail.locator('[data-test="change-compare"]').waitFor({ state: 'visible' })
    assert.deepEqual(await compareRow(detail, 'dept'), { changed: true, before: '结构设计所', after: '建筑设计所' })
    assert.deepEqual(await compareRow(detail, 'title_series'), { changed: false, before: T.series, after: T.series })
    assert.deepEqual(await compareRow(detail, 'title_level'), { changed: true, before: T.oldLevel, after: T.newLevel })
    assert.deepEqual(await compareRow(detail, 'title_qualification'), { changed: true, before: T.oldTitle, after: T.newTitle })
    assert.deepEqual(await compareRow(detail, 'title_effective_on'), { changed: true, before: '—', after: '2025-10-10' })
    assert.deepEqual(await compareRow(detail, 'appointed_on'), { changed: true, before: '—', after: '2025-12-12' })
    const weight = await detail.locator('[data-test="compare-title_qualification"] td.after').evaluate((el) => getComputedStyle(el).fontWeight)
    assert.ok(Number(weight) >= 600, `a changed value stands out (font-weight ${weight})`)
    const plain = await detail.locator('[data-test="compare-title_series"] td.after').evaluate((el) => getComputedStyle(el).fontWeight)
    assert.ok(Number(plain) < 600, 'an unchanged value does not')
    assert.deepEqual(await detail.locator('[data-test="detail-proof-link"]').allInnerTexts(), ['高级工程师资格证书.pdf'])
    await screenshot(page, 'profile-review-detail')

    // 审核不通过: the reason is required and goes back to the person.
    await detail.locator('[data-test="detail-reject"]').click()
    const reject = page.locator('[data-test="reject-dialog"]')
    await reject.waitFor({ state: 'visible' })
    await reject.locator('[data-test="reject-confirm"]').click()
    await reject.locator('[data-test="reject-reason"] .el-form-item__error').getByText('请填写驳回原因').waitFor({ state: 'visible' })
    await reject.locator('[data-test="reject-reason"] textarea').fill('聘任日期与聘任文件不符,请核对后重新提交')
    const [decided] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/reviews/profile-changes/decide'),
      reject.locator('[data-test="reject-confirm"]').click(),
    ])
    assert.equal(decided.status(), 200)
    assert.equal(decided.request().postDataJSON().decision, 'reject')
    const result = page.locator('[data-test="result-dialog"]')
    await result.waitFor({ state: 'visible' })
    assert.match(await text(result.locator('[data-test="result-summary"]')), /驳回:成功 1 条,失败 0 条/)
    await result.locator('[data-test="result-close"]').click()
    await row.waitFor({ state: 'detached' })
    assert.equal(personnelRow().qual, T.oldCode, 'a rejected change changes nothing')
    assertNoConsoleErrors(page, 'profile rejection')
  })

  it('the person sees the reason, edits the change and submits it again', async () => {
    const page = personPage
    await page.goto(`${URLS.sdrz}/personnel/profile`, { waitUntil: 'networkidle' })
    const rejected = page.locator('[data-test="change-rejected"]')
    await rejected.waitFor({ state: 'visible' })
    assert.equal(await text(rejected.locator('[data-test="change-reason"]')), '聘任日期与聘任文件不符,请核对后重新提交')
    assert.equal(await text(page.locator('[data-test="title-title_qualification"]')), T.oldTitle)
    assert.equal(await page.locator('[data-test="title-pending-mark"]').count(), 0)
    await screenshot(page, 'profile-change-rejected')

    // 重新修改 starts from the rejected values.
    await page.locator('[data-test="change-again"]').click()
    const card = page.locator('[data-test="change-form"]')
    await card.waitFor({ state: 'visible' })
    await assertValue(card.locator('[data-test="cf-dept"] input'), '建筑设计所', '工作部门 as submitted')
    await assertValue(card.locator('[data-test="cf-appointed_on"] input'), '2025-12-12', '聘任日期 as submitted')
    await page.waitForFunction(
      (t) => document.querySelector('[data-test="cf-title_qualification"] .el-select__placeholder:not(.is-transparent)')?.textContent.trim() === t,
      T.newTitle,
    )
    await typeDate(card, 'cf-appointed_on', '2025-12-01')
    await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/attachments' && r.status() === 201),
      card.locator('[data-test="proof-input"]').setInputFiles(FILES.pdf),
    ])
    await card.locator('[data-test="proof-item"]').waitFor({ state: 'visible' })
    const [answer] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/profile-change'),
      card.locator('[data-test="change-submit"]').click(),
    ])
    assert.equal(answer.status(), 202, await bodyOf(answer))
    await page.locator('[data-test="title-pending-mark"]').waitFor({ state: 'visible' })
    assert.deepEqual(await compareRow(page.locator('[data-test="change-pending"]'), 'appointed_on'), { changed: true, before: '—', after: '2025-12-01' })
    assertNoConsoleErrors(page, 'resubmission', { allow: [apiAnswer(400, 'attachments'), apiAnswer(409, 'me/transfer')] })
  })

  it('the unit admin opens the comparison and the proof file and approves', async () => {
    const page = adminPage
    await page.goto(`${URLS.sdrz}/admin/reviews/profile-changes`, { waitUntil: 'networkidle' })
    const row = rowsWith(page, 'review-table', PERSON.name)
    await row.waitFor({ state: 'visible' })
    await row.locator('[data-test="row-detail"]').click()
    const detail = page.locator('[data-test="detail-dialog"]')
    await detail.locator('[data-test="change-compare"]').waitFor({ state: 'visible' })
    assert.deepEqual(await compareRow(detail, 'appointed_on'), { changed: true, before: '—', after: '2025-12-01' })
    assert.deepEqual(await compareRow(detail, 'title_qualification'), { changed: true, before: T.oldTitle, after: T.newTitle })

    // 点击查看证明附件: the file opens in a new tab.
    const link = detail.locator('[data-test="detail-proof-link"]')
    assert.equal(await text(link), '高级工程师资格证书.pdf')
    assert.equal(await link.getAttribute('target'), '_blank')
    const [response, tab] = await Promise.all([
      page.context().waitForEvent('response', (r) => /^\/api\/v1\/attachments\/\d+$/.test(new URL(r.url()).pathname)),
      page.context().waitForEvent('page'),
      link.click(),
    ])
    assert.equal(response.status(), 200)
    assert.equal(response.headers()['content-type'], 'application/pdf')
    assert.equal(new URL(tab.url()).pathname, new URL(response.url()).pathname, 'opened in a new tab')
    await tab.waitForLoadState('load').catch(() => {})
    await tab.waitForTimeout(1500)
    await screenshot(tab, 'profile-review-proof-tab')
    await tab.close()
    // Chromium's PDF viewer keeps the bytes to itself: fetch them again with
    // the admin's cookies.
    const file = await page.request.get(response.url())
    assert.equal(file.status(), 200)
    assert.deepEqual(Buffer.from(await file.body()), PDF, 'the file as uploaded')

    const [decided] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/reviews/profile-changes/decide'),
      detail.locator('[data-test="detail-approve"]').click(),
    ])
    assert.equal(decided.status(), 200)
    const result = page.locator('[data-test="result-dialog"]')
    await result.waitFor({ state: 'visible' })
    assert.match(await text(result.locator('[data-test="result-summary"]')), /通过:成功 1 条,失败 0 条/)
    await screenshot(page, 'profile-review-approved')
    await result.locator('[data-test="result-close"]').click()
    await row.waitFor({ state: 'detached' })
    const applied = personnelRow()
    assert.deepEqual([applied.dept, applied.qual, applied.effective, applied.appointed], ['建筑设计所', T.newCode, '2025-10-10', '2025-12-01'])

    // 已审核: both decisions.
    await page.getByRole('tab', { name: '已审核' }).click()
    const decidedRows = rowsWith(page, 'review-table', PERSON.name)
    await decidedRows.nth(1).waitFor({ state: 'visible' })
    assert.deepEqual((await decidedRows.locator('[data-test="row-status"]').allInnerTexts()).map((t) => t.trim()), ['审核通过', '已驳回'])
    assertNoConsoleErrors(page, 'profile review')
  })

  it('the person\'s profile shows the new title', async () => {
    const page = personPage
    await page.goto(`${URLS.sdrz}/personnel/profile`, { waitUntil: 'networkidle' })
    await page.locator('[data-test="title-current"]').waitFor({ state: 'visible' })
    assert.equal(await text(page.locator('[data-test="title-title_qualification"]')), T.newTitle)
    assert.equal(await text(page.locator('[data-test="title-title_level"]')), T.newLevel)
    assert.equal(await text(page.locator('[data-test="title-dept"]')), '建筑设计所')
    assert.equal(await text(page.locator('[data-test="title-title_effective_on"]')), '2025-10-10')
    assert.equal(await text(page.locator('[data-test="title-appointed_on"]')), '2025-12-01')
    assert.equal(await page.locator('[data-test="title-pending-mark"]').count(), 0)
    await page.locator('[data-test="change-approved"]').waitFor({ state: 'visible' })
    await page.locator('[data-test="change-open"]').waitFor({ state: 'visible' })
    // The personnel home shows it too.
    await Promise.all([page.waitForURL(`${URLS.sdrz}/personnel`), page.getByRole('link', { name: '个人主页' }).first().click()])
    await page.locator('[data-test="me-info"]').getByText(T.newTitle, { exact: false }).waitFor({ state: 'visible' })
    await page.goto(`${URLS.sdrz}/personnel/profile`, { waitUntil: 'networkidle' })
    await screenshot(page, 'profile-change-approved')
  })

  it('the person asks to transfer, withdraws, and asks again', async () => {
    const page = personPage
    await Promise.all([page.waitForURL(`${URLS.sdrz}/personnel/transfer`), page.locator('[data-test="profile-transfer-open"]').click()])
    await page.locator('[data-test="transfer-form"]').waitFor({ state: 'visible' })
    await page.waitForLoadState('networkidle')
    assert.equal(await page.locator('[data-test="transfer-change-pending"]').count(), 0, 'nothing pending any more')

    for (const round of [1, 2]) {
      await pick(page, 'transfer-pick', 'transfer-picker', UNIT_B.name, UNIT_B.name)
      const [sent] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/transfer'),
        page.locator('[data-test="transfer-submit"]').click(),
      ])
      assert.equal(sent.status(), 202, await bodyOf(sent))
      const state = page.locator('[data-test="transfer-pending"]')
      await state.waitFor({ state: 'visible' })
      assert.equal(await text(state.locator('[data-test="transfer-status"]')), '待调入单位审核')
      assert.equal(await text(state.locator('[data-test="transfer-to"]')), UNIT_B.name)
      assert.equal(sql(`SELECT COUNT(*) FROM personnel_transfer WHERE person_id = ${pid} AND status = 'pending'`)[0][0], '1')
      if (round === 2) break
      await screenshot(page, 'profile-transfer-pending')
      await state.locator('[data-test="transfer-withdraw"]').click()
      const [gone] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/transfer' && r.request().method() === 'DELETE'),
        confirmBox(page, '撤回'),
      ])
      assert.equal(gone.status(), 204)
      await page.locator('[data-test="transfer-last"]').filter({ hasText: '已撤回' }).waitFor({ state: 'visible' })
      assert.equal(sql(`SELECT status FROM personnel_transfer WHERE person_id = ${pid} ORDER BY id DESC LIMIT 1`)[0][0], 'withdrawn')
    }
    assertNoConsoleErrors(page, 'transfer', { allow: [apiAnswer(400, 'attachments'), apiAnswer(409, 'me/transfer')] })
  })

  it('the receiving unit accepts on 调入审核; the person moves, the old unit no longer lists them', async () => {
    const page = await signInAdmin(UNIT_B)
    const waiting = page.locator('[data-test="fn-transfer-reviews"] [data-test="pending-count"]')
    await waiting.waitFor({ state: 'visible' })
    assert.equal(await text(waiting), '1 条待审核')
    await openFunction(page, 'transfer-reviews', '/admin/reviews/transfers', '调入审核')
    const row = rowsWith(page, 'review-table', PERSON.name)
    await row.waitFor({ state: 'visible' })
    assert.ok((await text(row)).includes(UNIT_A.name), 'the unit they come from')
    await row.locator('[data-test="row-accept"]').click()
    const [decided] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/reviews/transfers/decide'),
      confirmBox(page, '确认接收'),
    ])
    assert.equal(decided.status(), 200)
    const result = page.locator('[data-test="result-dialog"]')
    await result.waitFor({ state: 'visible' })
    assert.match(await text(result.locator('[data-test="result-summary"]')), /通过:成功 1 条,失败 0 条/)
    await screenshot(page, 'profile-transfer-accepted')
    await result.locator('[data-test="result-close"]').click()
    await row.waitFor({ state: 'detached' })
    assert.equal(personnelRow().org, unitB, 'the person belongs to the new unit')

    // The new unit's 人员管理 lists them; 调转记录 has the transfer in.
    await page.goto(`${URLS.sdrz}/admin`, { waitUntil: 'networkidle' })
    await openFunction(page, 'personnel', '/admin/personnel', '人员管理')
    const mine = rowsWith(page, 'personnel-table', PERSON.name)
    await mine.waitFor({ state: 'visible' })
    assert.equal(await text(mine.locator('[data-test="row-org"]')), UNIT_B.name)
    assert.ok((await text(mine)).includes(T.newTitle))

    // 更正姓名/证件号: the 更正说明 is required; the name changes, audited.
    await mine.locator('[data-test="row-fix"]').click()
    const fix = page.locator('[data-test="fix-dialog"]')
    await fix.waitFor({ state: 'visible' })
    await assertValue(fix.locator('[data-test="fix-name"] input'), PERSON.name, '姓名 prefilled')
    await fix.locator('[data-test="fix-name"] input').fill(NEW_NAME)
    let sent = 0
    page.on('request', (r) => {
      if (/\/api\/v1\/personnel\/\d+\/identity$/.test(new URL(r.url()).pathname)) sent += 1
    })
    await fix.locator('[data-test="fix-submit"]').click()
    await fix.locator('[data-test="fix-note"] .el-form-item__error').getByText('请填写更正说明').waitFor({ state: 'visible' })
    assert.equal(sent, 0, 'not sent without a note')
    await fix.locator('[data-test="fix-note"] textarea').fill('姓名录入错误,已核对身份证原件')
    const [fixed] = await Promise.all([
      page.waitForResponse((r) => /\/api\/v1\/personnel\/\d+\/identity$/.test(new URL(r.url()).pathname)),
      fix.locator('[data-test="fix-submit"]').click(),
    ])
    assert.equal(fixed.status(), 204, await bodyOf(fixed))
    await fix.waitFor({ state: 'hidden' })
    await rowsWith(page, 'personnel-table', NEW_NAME).waitFor({ state: 'visible' })
    assert.equal(sql(`SELECT name FROM person WHERE id = ${pid}`)[0][0], NEW_NAME)
    assert.match(sql(`SELECT detail FROM audit_log WHERE action = 'person.correct' AND subject_id = ${pid}`)[0][0], /姓名录入错误/)
    await screenshot(page, 'profile-personnel-new-unit')

    await page.goto(`${URLS.sdrz}/admin`, { waitUntil: 'networkidle' })
    await openFunction(page, 'transfers', '/admin/transfers', '调转记录')
    const inRow = rowsWith(page, 'transfer-table', NEW_NAME).filter({ hasText: '已调入' })
    await inRow.waitFor({ state: 'visible' })
    assert.equal(await text(inRow.locator('[data-test="row-direction"]')), '调入')
    assertNoConsoleErrors(page, 'transfer acceptance')

    // The old unit: no longer in 人员管理, the transfer out in 调转记录.
    const old = await signInAdmin(UNIT_A)
    await openFunction(old, 'personnel', '/admin/personnel', '人员管理')
    await old.locator('[data-test="filter-name"]').fill(NEW_NAME)
    const [list] = await Promise.all([
      old.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/personnel'),
      old.locator('[data-test="filter-search"]').click(),
    ])
    assert.equal((await list.json()).total, 0)
    await old.locator('[data-test="personnel-table"] .el-table__empty-text').getByText('没有符合条件的人员').waitFor({ state: 'visible' })
    await screenshot(old, 'profile-personnel-old-unit')
    await Promise.all([old.waitForURL(`${URLS.sdrz}/admin`), old.goto(`${URLS.sdrz}/admin`)])
    await openFunction(old, 'transfers', '/admin/transfers', '调转记录')
    await old.locator('[data-test="filter-direction"]').getByText('调出', { exact: true }).click()
    const outRow = rowsWith(old, 'transfer-table', NEW_NAME).filter({ hasText: '已调入' })
    await outRow.waitFor({ state: 'visible' })
    assert.equal(await text(outRow.locator('[data-test="row-direction"]')), '调出')
    assert.ok((await text(outRow)).includes(UNIT_B.name))
    // The withdrawn request is there too.
    await rowsWith(old, 'transfer-table', NEW_NAME).filter({ hasText: '已撤回' }).waitFor({ state: 'visible' })
    await screenshot(old, 'profile-transfer-history')
    assertNoConsoleErrors(old, 'old unit')
  })

  it('the person sees the new unit', async () => {
    // Signed in again: a session from before the move acts for the old unit
    // (GET /api/v1/auth/session answers role null), and the pages go back
    // to the role choice.
    await personPage.close()
    const page = await signIn('专业技术人员', PERSON.id, PERSON.password, '/personnel')
    await Promise.all([page.waitForURL(`${URLS.sdrz}/personnel/transfer`), page.locator('[data-test="me-transfer"]').click()])
    await page.locator('[data-test="transfer-last"]').waitFor({ state: 'visible' })
    assert.match(await text(page.locator('[data-test="transfer-last"]')), new RegExp(`调入“${UNIT_B.name}”`))
    assert.equal(await text(page.locator('[data-test="transfer-current-org"]')), UNIT_B.name)
    await page.goto(`${URLS.sdrz}/personnel/profile`, { waitUntil: 'networkidle' })
    await page.locator('[data-test="profile-org"]').waitFor({ state: 'visible' })
    assert.equal(await text(page.locator('[data-test="profile-org"]')), UNIT_B.name)
    assert.equal(await text(page.locator('[data-test="profile-name"]')), NEW_NAME)
    assert.equal(await text(page.locator('[data-test="title-title_qualification"]')), T.newTitle, 'the title moved along')
    await screenshot(page, 'profile-after-transfer')
  })
})
