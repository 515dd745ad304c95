// Hours through the pages, in a real Chromium against the running
// stack. A unit is made with sdrzctl org-add and a person of it registered
// and approved through the API. In the browser the person declares a
// published book (出版著作) of this year on 学时申报 — the fields of the form,
// the hours it would give, a PDF proof chosen in the file input, the
// server's refusal of the same ISBN shown on the page — and sees it on 进度查询;
// the unit admin approves it on 学时申报审核 (declared data and proof shown);
// the platform's hours are added (through the API, as the unit admin: 30
// public, 40 professional); 年度完成情况 turns from 未合格 to 合格 and 详细
// lists the records; the person prints the 结业证书 (a PDF: its response is
// checked, its QR code decoded); the verification page, opened from that QR
// link in a fresh browser without a session, shows 有效, and so does a
// number typed on /verify reached from the footer's 证书查询验证 link. The
// unit admin finds the person on 继续教育学时查询 and enters hours of last
// year (学时录入); the city bureau finds the certificate on 电子证书查询验证
// by ID number and name and revokes it (/verify then says 已撤销), sees the
// yearly rules (学时规则: a rule that does not add up is refused on the page)
// and edits 出版著作 on 学习形式管理 (broken JSON is refused before sending;
// saved unchanged, the API gives back the same fields).
//
//   cd tests && node --test e2e/sdrz/hours.test.mjs
//
// Setup uses the admin tool and the API; captcha answers and checks come
// from the database, as the tests may (never the pages).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sdrzctl, sql } from '../../api/lib.mjs'
import { Client, registration, rootId } from '../../api/accounts-lib.mjs'
import { URLS, apiAnswer, assertNoConsoleErrors, launchBrowser, screenshot } from '../browser.mjs'
import { STAMP, choose, freshId, openPage as openPageIn, signInWith, spell, typeDate } from '../helpers.mjs'

// ---------------------------------------------------------------- the data

const YEAR = new Date().getFullYear()
const PASSWORD = 'Hours2026pass'
// The city bureau's super admin of the demo data (as the other tests have it).
const CITY_PASSWORD = 'Rizhao2026'
const UNIT = { name: `学时测试医院${STAMP}`, admin: { ...freshId(1), name: '秦审核' } }
const PERSON = { ...freshId(2), name: `孔${spell(STAMP % 1000)}`, password: 'Study2026pass' }
const ISBN = `978-7-117-${String(STAMP % 100000).padStart(5, '0')}-${STAMP % 10}`
const BOOK = { book: `临床护理实践${spell(STAMP % 100)}`, publisher: '人民卫生出版社', date: `${YEAR}-03-01`, words: '12', rank: '主编' }
// The hours the person earned on the platform's own classes this year,
// credited here through the API (as the unit admin) in their place.
const PLATFORM_HOURS = [
  { category: 'public', hours: 30, title: `${YEAR}年度公需科目网络学习` },
  { category: 'professional', hours: 40, title: `${YEAR}年度专业科目网络培训` },
]

const dir = mkdtempSync(join(tmpdir(), 'sdrz-hours-e2e-'))
const PROOF = join(dir, '出版证明.pdf')
writeFileSync(PROOF, Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n45\n%%EOF\n'))

let b
let unitId
let personId
let admin // the unit admin's API client
let number // the certificate's number
let qrLink // what its QR code says

// ---------------------------------------------------------------- helpers

const openPage = (url) => openPageIn(b, url)

/** Signs in on the home page; waits for the role's home. */
async function signIn(userType, idNumber, password, home) {
  const page = await openPage(`${URLS.sdrz}/`)
  const form = page.locator('[data-test="login-form"]')
  const [{ status, body }] = await Promise.all([
    signInWith(page, form, { userType, idNumber, password }),
    page.waitForURL(`${URLS.sdrz}${home}`),
  ])
  assert.equal(status, 200, JSON.stringify(body))
  await page.waitForLoadState('networkidle')
  return page
}

/** Waits for the answer of `method path` (exact path) while `action` runs. */
async function answerOf(page, method, path, action) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === method),
    action(),
  ])
  return response
}

/** The text of the first `[data-test=name]` inside `scope`, trimmed. */
async function text(scope, name) {
  return (await scope.locator(`[data-test="${name}"]`).first().innerText()).trim()
}

/** The row of the years table for YEAR. */
function yearRow(page) {
  return page.locator('[data-test="years-table"] .el-table__body-wrapper tr').filter({
    has: page.locator('[data-test="row-year"]').getByText(String(YEAR), { exact: true }),
  })
}

/** Fills the book's fields of 学时申报 (the form is already 出版著作). */
async function fillBook(page, form) {
  await form.locator('[data-test="field-book"] input').fill(BOOK.book)
  await form.locator('[data-test="field-isbn"] input').fill(ISBN)
  await form.locator('[data-test="field-publisher"] input').fill(BOOK.publisher)
  await typeDate(form, 'field-date', BOOK.date)
  const words = form.locator('[data-test="field-words"] input')
  await words.fill(BOOK.words)
  await words.press('Tab')
  await choose(page, form, 'field-rank', BOOK.rank)
}

async function chooseBookForm(page, form) {
  await choose(page, form, 'decl-year', `${YEAR}年`)
  await choose(page, form, 'decl-type', '论文著作类')
  await choose(page, form, 'decl-form', '出版著作')
}

/** Chooses the proof file in the upload's file input; waits for the upload. */
async function attachProof(page, form) {
  const response = await answerOf(page, 'POST', '/api/v1/attachments', () =>
    form.locator('[data-test="decl-upload"] input[type="file"]').setInputFiles(PROOF),
  )
  assert.equal(response.status(), 201, await response.text())
  await form.locator('[data-test="decl-files"]').getByText('出版证明.pdf').waitFor({ state: 'visible' })
}

// ---------------------------------------------------------------- the tests

describe('hours through the pages', () => {
  before(async () => {
    // The city bureau (the demo's root, made if the database has none yet).
    const root = String(rootId())
    const r = sdrzctl('org-add', '--kind', 'unit', '--parent', root, '--name', UNIT.name,
      '--admin-id', UNIT.admin.id, '--admin-name', UNIT.admin.name, '--admin-password', PASSWORD)
    assert.equal(r.status, 0, `sdrzctl org-add: ${r.stderr}`)
    unitId = Number(/created organisation (\d+)/.exec(r.stdout)[1])
    admin = new Client()
    assert.equal((await admin.login('unit', UNIT.admin.id, PASSWORD)).status, 200)
    // The person registers and the unit approves, through the API.
    const body = registration(unitId, { id_number: PERSON.id, name: PERSON.name, gender: '2', password: PERSON.password, password2: PERSON.password })
    const reg = await new Client().postSolved('/api/v1/register/personnel', body)
    assert.equal(reg.status, 201, reg.text)
    personId = Number(sql(`SELECT id FROM person WHERE id_number = '${PERSON.id}'`)[0][0])
    const [[rid]] = sql(`SELECT id FROM review WHERE kind = 'personnel_reg' AND subject_id = ${personId}`)
    const d = await admin.post('/api/v1/reviews/personnel-registrations/decide', { ids: [Number(rid)], decision: 'approve' })
    assert.equal(d.json.done, 1, d.text)
    b = await launchBrowser()
  })

  after(async () => {
    if (b) await b.close()
  })

  it('the person declares a published book with a PDF proof on 学时申报 and sees it on 进度查询', async () => {
    const page = await signIn('专业技术人员', PERSON.id, PERSON.password, '/personnel')
    await page.locator('[data-test="me-declare"]').waitFor({ state: 'visible' })
    await screenshot(page, 'hours-personnel-home')
    await Promise.all([page.waitForURL(`${URLS.sdrz}/personnel/declare`), page.locator('[data-test="me-declare"]').click()])
    const form = page.locator('[data-test="declare-form"]')
    await form.waitFor({ state: 'visible' })
    await chooseBookForm(page, form)

    // A book counts only as 专业科目: the page chose it and refuses 公需科目.
    const category = form.locator('[data-test="decl-category"]')
    await category.locator('.el-radio.is-checked').getByText('专业科目').waitFor({ state: 'visible' })
    assert.equal(await category.locator('.el-radio').filter({ hasText: '公需科目' }).locator('input').isDisabled(), true)
    // The fields of 出版著作, as GET /api/v1/hours/forms gives them.
    for (const label of ['著作名称', 'ISBN', '出版社', '出版日期', '本人撰写字数(万字)', '作者排名']) {
      await form.locator('.el-form-item__label').getByText(label, { exact: true }).waitFor({ state: 'visible' })
    }
    assert.ok((await text(form, 'form-rule')).includes('主编 20'), 'the rule is shown')

    // The hours it would give, from the server's preview once every field is filled.
    const preview = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/declarations/preview')
    await fillBook(page, form)
    const previewAnswer = await preview
    assert.equal(previewAnswer.status(), 200)
    await page.waitForFunction(() => document.querySelector('[data-test="preview-hours"]')?.textContent.trim() === '20 学时')
    await choose(page, form, 'field-rank', '副主编')
    await page.waitForFunction(() => document.querySelector('[data-test="preview-hours"]')?.textContent.trim() === '15 学时')
    await choose(page, form, 'field-rank', BOOK.rank)
    await page.waitForFunction(() => document.querySelector('[data-test="preview-hours"]')?.textContent.trim() === '20 学时')

    // Without the proof the page asks for it and sends nothing.
    let posted = 0
    const count = (req) => {
      if (new URL(req.url()).pathname === '/api/v1/me/declarations' && req.method() === 'POST') posted += 1
    }
    page.on('request', count)
    await form.locator('[data-test="decl-submit"]').click()
    const uploadError = form.locator('[data-test="decl-upload"] .el-form-item__error')
    await uploadError.waitFor({ state: 'visible' })
    assert.equal((await uploadError.innerText()).trim(), '该学习形式须上传证明材料')
    assert.equal(posted, 0)
    page.off('request', count)

    await attachProof(page, form)
    await screenshot(page, 'hours-declare-filled')
    const response = await answerOf(page, 'POST', '/api/v1/me/declarations', () => form.locator('[data-test="decl-submit"]').click())
    assert.equal(response.status(), 201, await response.text())
    const sent = JSON.parse(response.request().postData())
    assert.deepEqual(
      { year: sent.year, category: sent.category, study_form: sent.study_form, attachments: sent.attachments.length },
      { year: YEAR, category: 'professional', study_form: 'book', attachments: 1 },
    )
    assert.deepEqual(sent.data, { ...BOOK, isbn: ISBN, words: 12 })
    const done = page.locator('[data-test="declare-done"]')
    await done.waitFor({ state: 'visible' })
    assert.ok((await done.innerText()).includes('按规则可认定 20 学时'))
    const rows = sql(`SELECT status, hours, JSON_VALUE(data, '$.isbn') FROM declaration WHERE person_id = ${personId}`)
    assert.deepEqual(rows, [['pending', '20.0', ISBN]])
    await screenshot(page, 'hours-declare-done')

    // The same ISBN again: the server refuses and the page says why.
    await done.locator('[data-test="done-again"]').click()
    await form.waitFor({ state: 'visible' })
    await chooseBookForm(page, form)
    await fillBook(page, form)
    await attachProof(page, form)
    const dup = await answerOf(page, 'POST', '/api/v1/me/declarations', () => form.locator('[data-test="decl-submit"]').click())
    assert.equal(dup.status(), 409)
    const alert = form.locator('[data-test="declare-error"]')
    await alert.waitFor({ state: 'visible' })
    const isbnError = form.locator('[data-test="field-isbn"] .el-form-item__error')
    await isbnError.waitFor({ state: 'visible' })
    assert.equal((await isbnError.innerText()).trim(), '该成果已申报过学时,不能重复申报')
    await screenshot(page, 'hours-declare-duplicate')
    assert.equal(sql(`SELECT COUNT(*) FROM declaration WHERE person_id = ${personId}`)[0][0], '1')

    // 进度查询: the declaration waits; 详细 shows the data, the proof and the history.
    await Promise.all([page.waitForURL(`${URLS.sdrz}/personnel/declarations`), page.locator('[data-test="to-declarations"]').click()])
    const table = page.locator('[data-test="declarations-table"]')
    const row = table.locator('.el-table__body-wrapper tr').filter({ hasText: BOOK.book })
    await row.waitFor({ state: 'visible' })
    assert.equal(await text(row, 'row-status'), '待审核')
    await row.locator('[data-test="row-detail"]').click()
    const dialog = page.locator('[data-test="detail-dialog"]')
    await dialog.locator('[data-test="declaration-detail"]').waitFor({ state: 'visible' })
    const detail = await dialog.innerText()
    for (const part of ['ISBN', ISBN, '人民卫生出版社', '作者排名', '主编', '出版证明.pdf', '提交申报', PERSON.name]) {
      assert.ok(detail.includes(part), `detail shows ${part}: ${detail}`)
    }
    await screenshot(page, 'hours-declarations-detail')
    assertNoConsoleErrors(page, 'declaring', { allow: [apiAnswer(409, 'me/declarations')] })
  })

  it('the unit admin approves it on 学时申报审核, seeing the declared data and the proof', async () => {
    const page = await signIn('用人单位', UNIT.admin.id, PASSWORD, '/admin')
    const fn = page.locator('[data-test="fn-declaration-reviews"]')
    await fn.waitFor({ state: 'visible' })
    await fn.locator('[data-test="pending-count"]').waitFor({ state: 'visible' })
    assert.equal(await text(fn, 'pending-count'), '1 条待审核')
    await screenshot(page, 'hours-unit-admin-home')
    // The bureau's functions are not the unit's.
    for (const key of ['certificates', 'hour-rules', 'study-forms']) {
      assert.equal(await page.locator(`[data-test="fn-${key}"]`).count(), 0, `a unit has no ${key}`)
    }
    await Promise.all([page.waitForURL(`${URLS.sdrz}/admin/reviews/declarations`), fn.click()])

    const row = page.locator('[data-test="review-table"] .el-table__body-wrapper tr').filter({
      has: page.locator('[data-test="row-name"]').getByText(PERSON.name, { exact: true }),
    })
    await row.waitFor({ state: 'visible' })
    assert.equal(await text(row, 'row-title'), BOOK.book)
    await screenshot(page, 'hours-review-queue')
    // The proof opens for the reviewer.
    const href = await row.locator('[data-test="attachment-link"]').getAttribute('href')
    const file = await page.request.get(`${URLS.sdrz}${href}`)
    assert.equal(file.status(), 200)
    assert.equal((await file.body()).subarray(0, 5).toString(), '%PDF-')

    await row.locator('[data-test="row-detail"]').click()
    const dialog = page.locator('[data-test="detail-dialog"]')
    await dialog.locator('[data-test="declaration-detail"]').waitFor({ state: 'visible' })
    const detail = await dialog.innerText()
    for (const part of [ISBN, '人民卫生出版社', '出版著作', '论文著作类', '出版证明.pdf', UNIT.name]) {
      assert.ok(detail.includes(part), `detail shows ${part}: ${detail}`)
    }
    await screenshot(page, 'hours-review-detail')
    const decided = await answerOf(page, 'POST', '/api/v1/reviews/declarations/decide', () => dialog.locator('[data-test="detail-approve"]').click())
    assert.equal(decided.status(), 200)
    const result = page.locator('[data-test="result-dialog"]')
    await result.waitFor({ state: 'visible' })
    assert.ok((await text(result, 'result-summary')).includes('成功 1 条'))
    await screenshot(page, 'hours-review-approved')
    await result.locator('[data-test="result-close"]').click()
    // 学时规则 is the city bureau's: at its address the unit sees why not.
    await page.goto(`${URLS.sdrz}/admin/hours/rules`, { waitUntil: 'networkidle' })
    await page.locator('[data-test="forbidden"]').waitFor({ state: 'visible' })
    assert.equal(await text(page, 'forbidden-reason'), '本单位没有“学时规则”功能。')
    const records = sql(`SELECT source, study_form, category, hours, org_id FROM hour_record WHERE person_id = ${personId}`)
    assert.deepEqual(records, [['declaration', 'book', 'professional', '20.0', String(unitId)]])
    assertNoConsoleErrors(page, 'approving')
  })

  it('the year turns 合格 on 年度完成情况 once the platform hours are added', async () => {
    const page = await signIn('专业技术人员', PERSON.id, PERSON.password, '/personnel')
    await Promise.all([page.waitForURL(`${URLS.sdrz}/personnel/years`), page.locator('[data-test="me-years"]').click()])
    let row = yearRow(page)
    await row.waitFor({ state: 'visible' })
    assert.deepEqual(
      [await text(row, 'row-public'), await text(row, 'row-professional'), await text(row, 'row-total'), await text(row, 'row-complete')],
      ['0', '20', '20', '未合格'],
    )
    assert.equal(await text(row, 'row-missing'), '总学时差 70,专业科目差 40,公需科目差 30')
    assert.equal(await row.locator('[data-test="row-certificate"]').count(), 0, 'no 结业证书 for an incomplete year')
    await screenshot(page, 'hours-years-incomplete')

    for (const h of PLATFORM_HOURS) {
      const res = await admin.post('/api/v1/hours', { person_id: personId, year: YEAR, study_form: 'online', ...h })
      assert.equal(res.status, 204, res.text)
    }

    await page.reload({ waitUntil: 'networkidle' })
    row = yearRow(page)
    await row.waitFor({ state: 'visible' })
    assert.deepEqual(
      [await text(row, 'row-public'), await text(row, 'row-professional'), await text(row, 'row-total'), await text(row, 'row-complete')],
      ['30', '60', '90', '合格'],
    )

    // 详细: 继续教育明细, the three records of the year.
    await row.locator('[data-test="row-detail"]').click()
    const dialog = page.locator('[data-test="records-dialog"]')
    const records = dialog.locator('[data-test="records-table"] .el-table__body-wrapper tr')
    await records.first().waitFor({ state: 'visible' })
    assert.equal(await records.count(), 3)
    const all = await dialog.innerText()
    for (const part of [BOOK.book, '出版著作', '学时申报', PLATFORM_HOURS[0].title, PLATFORM_HOURS[1].title, UNIT.name]) {
      assert.ok(all.includes(part), `records show ${part}: ${all}`)
    }
    await screenshot(page, 'hours-years-records')
    assertNoConsoleErrors(page, 'years')
    await page.context().close()
  })

  it('the person downloads the 结业证书 of the year as a PDF', async () => {
    const page = await signIn('专业技术人员', PERSON.id, PERSON.password, '/personnel')
    await Promise.all([page.waitForURL(`${URLS.sdrz}/personnel/years`), page.locator('[data-test="me-years"]').click()])
    const row = yearRow(page)
    await row.waitFor({ state: 'visible' })
    await row.locator('[data-test="row-detail"]').click()
    const dialog = page.locator('[data-test="records-dialog"]')
    await dialog.locator('[data-test="records-table"] .el-table__body-wrapper tr').first().waitFor({ state: 'visible' })

    const pdfResponse = page.waitForResponse((r) => /^\/api\/v1\/certificates\/[^/]+\/pdf$/.test(new URL(r.url()).pathname))
    const download = page.waitForEvent('download')
    const issue = await answerOf(page, 'POST', '/api/v1/me/certificates', () => dialog.locator('[data-test="records-certificate"]').click())
    assert.equal(issue.status(), 201, await issue.text())
    number = (await issue.json()).number
    assert.deepEqual(JSON.parse(issue.request().postData()), { kind: 'completion', year: YEAR })

    const pdf = await pdfResponse
    assert.equal(pdf.status(), 200)
    assert.equal(new URL(pdf.url()).pathname, `/api/v1/certificates/${number}/pdf`)
    assert.equal(pdf.headers()['content-type'], 'application/pdf')
    const bytes = await pdf.body()
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-')
    const saved = await download
    assert.equal(saved.suggestedFilename(), `${YEAR}年度结业证书-${number}.pdf`)
    const file = join(dir, 'certificate.pdf')
    await saved.saveAs(file)
    assert.ok(readFileSync(file).equals(bytes), 'the saved file is the PDF the server sent')

    const issued = page.locator('[data-test="issued-dialog"]')
    await issued.waitFor({ state: 'visible' })
    assert.equal(await text(issued, 'issued-number'), number)
    await screenshot(page, 'hours-certificate-issued')
    assert.deepEqual(sql(`SELECT kind, year, person_id FROM certificate WHERE number = '${number}'`), [['completion', String(YEAR), String(personId)]])

    // It is the person's certificate: the text names them, the QR code opens /verify.
    const pdfText = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
    assert.ok(pdfText.includes(PERSON.name) && pdfText.includes(number), pdfText)
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', file, join(dir, 'certificate')])
    qrLink = execFileSync('zbarimg', ['-q', '--raw', join(dir, 'certificate.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    assert.equal(qrLink, `${URLS.sdrz}/verify?n=${number}`)

    // 我的证书 lists it as valid.
    await issued.locator('[data-test="issued-close"]').click()
    await dialog.locator('[data-test="records-close"]').click()
    const cert = page.locator('[data-test="certs-table"] .el-table__body-wrapper tr').filter({ hasText: number })
    await cert.waitFor({ state: 'visible' })
    assert.ok((await cert.innerText()).includes('有效'))
    assertNoConsoleErrors(page, 'certificate')
  })

  it('the verification page opened from the QR link shows 有效 without a session', async () => {
    assert.ok(qrLink, 'the certificate was printed')
    const page = await openPage(qrLink) // a new browser context: no cookies
    const result = page.locator('[data-test="verify-result"]')
    await result.waitFor({ state: 'visible' })
    assert.equal(await text(page, 'verify-status'), '有效')
    assert.equal(await text(page, 'verify-number'), number)
    assert.equal(await text(page, 'verify-name'), PERSON.name)
    assert.equal(await text(page, 'verify-year'), String(YEAR))
    assert.equal(await text(page, 'verify-total'), '90')
    const masked = await text(page, 'verify-id')
    assert.match(masked, /^\d{10}\*{4}\d{3}[\dX]$/)
    assert.equal(masked.slice(0, 10), PERSON.id.slice(0, 10))
    const all = await page.locator('main').innerText()
    assert.ok(!all.includes(PERSON.id), 'no full ID number')
    assert.ok(!all.includes(UNIT.name), 'nothing about the unit')
    // Nobody is signed in on this page.
    assert.equal(await page.locator('[data-test="account-name"]').count(), 0)
    await screenshot(page, 'hours-verify-valid')
    assertNoConsoleErrors(page, 'verify')
  })

  it('证书查询验证 in the footer opens /verify, where a typed number is checked', async () => {
    const page = await openPage(`${URLS.sdrz}/`)
    await Promise.all([page.waitForURL(`${URLS.sdrz}/verify`), page.locator('footer [data-test="footer-verify"]').click()])
    const form = page.locator('[data-test="verify-form"]')
    await form.waitFor({ state: 'visible' })
    // An unknown number (a valid one with another check part).
    const wrong = number.slice(0, -1) + (number.endsWith('A') ? 'B' : 'A')
    await form.locator('[data-test="verify-input"]').fill(wrong.toLowerCase())
    await Promise.all([page.waitForURL(`${URLS.sdrz}/verify?n=${wrong}`), form.locator('[data-test="verify-submit"]').click()])
    await page.waitForFunction(() => document.querySelector('[data-test="verify-status"]')?.textContent.trim() === '不存在')
    assert.equal(await page.locator('[data-test="verify-facts"]').count(), 0, 'nothing shown for an unknown number')
    await screenshot(page, 'hours-verify-unknown')
    await form.locator('[data-test="verify-input"]').fill(number)
    await Promise.all([page.waitForURL(`${URLS.sdrz}/verify?n=${number}`), form.locator('[data-test="verify-submit"]').click()])
    await page.waitForFunction(() => document.querySelector('[data-test="verify-status"]')?.textContent.trim() === '有效')
    assert.equal(await text(page, 'verify-name'), PERSON.name)
    assertNoConsoleErrors(page, 'verify by number')
  })

  it('the unit admin finds the person on 继续教育学时查询 and enters hours of last year (学时录入)', async () => {
    const page = await signIn('用人单位', UNIT.admin.id, PASSWORD, '/admin')
    await Promise.all([page.waitForURL(`${URLS.sdrz}/admin/hours`), page.locator('[data-test="fn-hours-query"]').click()])
    const filters = page.locator('[data-test="hours-filters"]')
    await filters.locator('[data-test="filter-name"]').fill(PERSON.name)
    await answerOf(page, 'GET', '/api/v1/hours/query', () => filters.locator('[data-test="filter-search"]').click())
    const rows = page.locator('[data-test="hours-table"] .el-table__body-wrapper tr')
    await rows.first().waitFor({ state: 'visible' })
    assert.equal(await rows.count(), 1)
    assert.deepEqual(
      [await text(rows, 'row-name'), await text(rows, 'row-public'), await text(rows, 'row-professional'), await text(rows, 'row-total'), await text(rows, 'row-complete')],
      [PERSON.name, '30', '60', '90', '合格'],
    )

    await rows.first().locator('[data-test="row-entry"]').click()
    const dialog = page.locator('[data-test="entry-dialog"]')
    await dialog.waitFor({ state: 'visible' })
    await choose(page, dialog, 'entry-year', `${YEAR - 1}年`)
    await dialog.locator('[data-test="entry-title"] input').fill('单位组织的专业技术培训')
    const hours = dialog.locator('[data-test="entry-hours"] input')
    await hours.fill('10.5')
    await hours.press('Tab')
    await screenshot(page, 'hours-query-entry')
    const saved = await answerOf(page, 'POST', '/api/v1/hours', () => dialog.locator('[data-test="entry-save"]').click())
    assert.equal(saved.status(), 204)
    assert.deepEqual(JSON.parse(saved.request().postData()), {
      person_id: personId, year: YEAR - 1, category: 'professional', study_form: 'online', title: '单位组织的专业技术培训', hours: 10.5,
    })
    await dialog.waitFor({ state: 'hidden' })
    assert.deepEqual(sql(`SELECT source, hours FROM hour_record WHERE person_id = ${personId} AND year = ${YEAR - 1}`), [['admin', '10.5']])

    // Last year's list: 10.5 hours, 未合格.
    await choose(page, filters, 'filter-year', `${YEAR - 1}年`)
    await answerOf(page, 'GET', '/api/v1/hours/query', () => filters.locator('[data-test="filter-search"]').click())
    await page.waitForFunction(() => document.querySelector('[data-test="hours-table"] [data-test="row-total"]')?.textContent.trim() === '10.5')
    assert.equal(await text(rows, 'row-complete'), '未合格')
    await screenshot(page, 'hours-query')
    assertNoConsoleErrors(page, 'hours query')
  })

  it('the city bureau revokes the certificate on 电子证书查询验证, and /verify says 已撤销', async () => {
    const [[city]] = sql(`SELECT p.id_number FROM org_admin a JOIN person p ON p.id = a.person_id
      JOIN org o ON o.id = a.org_id WHERE o.parent_id IS NULL AND a.is_super = 1 AND a.status = 'active'`)
    const page = await signIn('人社部门', city, CITY_PASSWORD, '/admin')
    await Promise.all([page.waitForURL(`${URLS.sdrz}/admin/certificates`), page.locator('[data-test="fn-certificates"]').click()])
    const filters = page.locator('[data-test="cert-filters"]')
    await filters.locator('[data-test="cert-id-number"]').fill(PERSON.id)
    await filters.locator('[data-test="cert-name"]').fill(PERSON.name)
    await answerOf(page, 'GET', '/api/v1/certificates', () => filters.locator('[data-test="cert-search"]').click())
    const person = page.locator('[data-test="cert-person"]')
    await person.waitFor({ state: 'visible' })
    assert.ok((await person.innerText()).includes('合格'))
    const row = page.locator('[data-test="cert-table"] .el-table__body-wrapper tr').filter({ hasText: number })
    await row.waitFor({ state: 'visible' })
    assert.equal(await text(row, 'row-status'), '有效')
    await row.locator('[data-test="row-revoke"]').click()
    const dialog = page.locator('[data-test="revoke-dialog"]')
    await dialog.waitFor({ state: 'visible' })
    await dialog.locator('[data-test="revoke-reason"] textarea').fill('学时记录核查有误')
    const revoked = await answerOf(page, 'POST', `/api/v1/certificates/${number}/revoke`, () => dialog.locator('[data-test="revoke-confirm"]').click())
    assert.equal(revoked.status(), 204)
    await page.waitForFunction(
      (n) => [...document.querySelectorAll('[data-test="cert-table"] tr')].some((tr) => tr.textContent.includes(n) && tr.textContent.includes('已撤销')),
      number,
    )
    await screenshot(page, 'hours-certificates-revoked')
    assertNoConsoleErrors(page, 'revoking')

    const verify = await openPage(`${URLS.sdrz}/verify?n=${number}`)
    await verify.locator('[data-test="verify-result"]').waitFor({ state: 'visible' })
    assert.equal(await text(verify, 'verify-status'), '已撤销')
    assert.equal(await text(verify, 'verify-name'), PERSON.name)
    await verify.locator('[data-test="verify-revoked-at"]').waitFor({ state: 'visible' })
    await screenshot(verify, 'hours-verify-revoked')
    assertNoConsoleErrors(verify, 'verify revoked')
  })

  it('年度完成情况 says the revoked certificate is printed again only with the bureau\'s consent, and printing is refused', async () => {
    const page = await signIn('专业技术人员', PERSON.id, PERSON.password, '/personnel')
    await Promise.all([page.waitForURL(`${URLS.sdrz}/personnel/years`), page.locator('[data-test="me-years"]').click()])
    const notice = page.locator('[data-test="revoked-notice"]')
    await notice.waitFor({ state: 'visible' })
    const said = await notice.innerText()
    assert.ok(said.includes(number) && said.includes('学时记录核查有误') && said.includes('须经人社部门同意'), said)
    const row = yearRow(page)
    await row.waitFor({ state: 'visible' })
    const refused = await answerOf(page, 'POST', '/api/v1/me/certificates', () => row.locator('[data-test="row-certificate"]').click())
    assert.equal(refused.status(), 409)
    assert.equal((await refused.json()).error.code, 'reissue_needs_consent')
    await page.locator('.el-message--error').filter({ hasText: '人社部门' }).waitFor({ state: 'visible' })
    const cert = page.locator('[data-test="certs-table"] .el-table__body-wrapper tr').filter({ hasText: number })
    assert.ok((await cert.innerText()).includes('学时记录核查有误'))
    await screenshot(page, 'hours-years-revoked')
    assert.equal(sql(`SELECT COUNT(*) FROM certificate WHERE person_id = ${personId} AND kind = 'completion'`)[0][0], '1')
    assertNoConsoleErrors(page, 'revoked years', { allow: [apiAnswer(409, 'me/certificates')] })
  })

  it('the city bureau consents on 电子证书查询验证 (audited); the person prints the year again under a new number', async () => {
    const [[city]] = sql(`SELECT p.id_number FROM org_admin a JOIN person p ON p.id = a.person_id
      JOIN org o ON o.id = a.org_id WHERE o.parent_id IS NULL AND a.is_super = 1 AND a.status = 'active'`)
    const page = await signIn('人社部门', city, CITY_PASSWORD, '/admin')
    await Promise.all([page.waitForURL(`${URLS.sdrz}/admin/certificates`), page.locator('[data-test="fn-certificates"]').click()])
    const filters = page.locator('[data-test="cert-filters"]')
    await filters.locator('[data-test="cert-id-number"]').fill(PERSON.id)
    await filters.locator('[data-test="cert-name"]').fill(PERSON.name)
    await answerOf(page, 'GET', '/api/v1/certificates', () => filters.locator('[data-test="cert-search"]').click())
    const row = page.locator('[data-test="cert-table"] .el-table__body-wrapper tr').filter({ hasText: number })
    await row.waitFor({ state: 'visible' })
    assert.ok((await text(row, 'row-revoke-reason')).includes('学时记录核查有误'))
    await row.locator('[data-test="row-reissue"]').click()
    const dialog = page.locator('[data-test="reissue-dialog"]')
    await dialog.waitFor({ state: 'visible' })
    await dialog.locator('[data-test="reissue-note"] textarea').fill('经核实原记录无误,同意按原内容重新打印')
    const allowed = await answerOf(page, 'POST', `/api/v1/certificates/${number}/reissue`, () => dialog.locator('[data-test="reissue-confirm"]').click())
    assert.equal(allowed.status(), 204)
    await row.locator('[data-test="row-reissue-allowed"]').waitFor({ state: 'visible' })
    assert.equal(await row.locator('[data-test="row-reissue"]').count(), 0)
    await screenshot(page, 'hours-certificates-reissue-allowed')
    assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'cert.reissue_allow'
      AND subject_id = (SELECT id FROM certificate WHERE number = '${number}')`)[0][0], '1')
    assertNoConsoleErrors(page, 'reissue consent')

    const person = await signIn('专业技术人员', PERSON.id, PERSON.password, '/personnel')
    await Promise.all([person.waitForURL(`${URLS.sdrz}/personnel/years`), person.locator('[data-test="me-years"]').click()])
    const yr = yearRow(person)
    await yr.waitFor({ state: 'visible' })
    const download = person.waitForEvent('download')
    const issued = await answerOf(person, 'POST', '/api/v1/me/certificates', () => yr.locator('[data-test="row-certificate"]').click())
    assert.equal(issued.status(), 201, await issued.text())
    const again = (await issued.json()).number
    assert.notEqual(again, number)
    await download
    await person.locator('[data-test="issued-dialog"]').waitFor({ state: 'visible' })
    assert.equal(await person.locator('[data-test="revoked-notice"]').count(), 0, 'no notice once a valid one exists')
    assertNoConsoleErrors(person, 'reissued')
  })

  it('the city bureau sees the yearly rules and edits a study form, its JSON checked on the page', async () => {
    const [[city]] = sql(`SELECT p.id_number FROM org_admin a JOIN person p ON p.id = a.person_id
      JOIN org o ON o.id = a.org_id WHERE o.parent_id IS NULL AND a.is_super = 1 AND a.status = 'active'`)
    const page = await signIn('人社部门', city, CITY_PASSWORD, '/admin')
    for (const key of ['declaration-reviews', 'hours-query', 'certificates', 'hour-rules', 'study-forms']) {
      await page.locator(`[data-test="group-hours"] [data-test="fn-${key}"]`).waitFor({ state: 'visible' })
    }
    await screenshot(page, 'hours-city-admin-home')
    // 学时规则: this year's rule as the API gives it; a rule that does not add up is refused on the page.
    await Promise.all([page.waitForURL(`${URLS.sdrz}/admin/hours/rules`), page.locator('[data-test="fn-hour-rules"]').click()])
    const rule = await admin.get(`/api/v1/hours/rules/${YEAR}`)
    const ruleRow = page.locator('[data-test="rules-table"] .el-table__body-wrapper tr').filter({ hasText: String(YEAR) }).first()
    await ruleRow.waitFor({ state: 'visible' })
    assert.equal(await text(ruleRow, 'rule-total'), String(rule.json.total_min))
    await ruleRow.locator('[data-test="rule-edit"]').click()
    const ruleDialog = page.locator('[data-test="rule-dialog"]')
    await ruleDialog.waitFor({ state: 'visible' })
    const prof = ruleDialog.locator('[data-test="rule-professional-min"] input')
    await prof.fill(String(rule.json.total_min))
    await prof.press('Tab')
    let puts = 0
    page.on('request', (r) => {
      if (r.method() === 'PUT') puts += 1
    })
    await ruleDialog.locator('[data-test="rule-save"]').click()
    const ruleError = ruleDialog.locator('[data-test="rule-total-min"] .el-form-item__error')
    await ruleError.waitFor({ state: 'visible' })
    assert.equal((await ruleError.innerText()).trim(), '总学时不能少于专业科目与公需科目要求之和')
    await screenshot(page, 'hours-rules-error')
    await page.keyboard.press('Escape')
    await ruleDialog.waitFor({ state: 'hidden' })

    // 学习形式管理: 出版著作 with broken JSON, then saved as it was.
    await page.goto(`${URLS.sdrz}/admin/hours/forms`, { waitUntil: 'networkidle' })
    const formRow = page.locator('[data-test="forms-table"] .el-table__body-wrapper tr').filter({
      has: page.locator('[data-test="row-name"]').getByText('出版著作', { exact: true }),
    })
    await screenshot(page, 'hours-forms')
    await formRow.locator('[data-test="row-edit"]').click()
    const dialog = page.locator('[data-test="form-dialog"]')
    await dialog.waitFor({ state: 'visible' })
    const fields = dialog.locator('[data-test="form-fields"] textarea')
    const original = await fields.inputValue()
    assert.deepEqual(JSON.parse(original).map((f) => f.name), ['book', 'isbn', 'publisher', 'date', 'words', 'rank'])
    await fields.fill(original.slice(0, -2))
    const fieldsError = dialog.locator('[data-test="form-fields"] .el-form-item__error')
    await fieldsError.waitFor({ state: 'visible' })
    assert.match(await fieldsError.innerText(), /^JSON 格式错误/)
    await fields.fill(original.replace('"type": "select"', '"type": "radio"'))
    await page.waitForFunction(
      (el) => el.querySelector('.el-form-item__error')?.textContent.includes('type 须为 text、date、number 或 select'),
      await dialog.locator('[data-test="form-fields"]').elementHandle(),
    )
    await dialog.locator('[data-test="form-save"]').click()
    assert.equal(await dialog.locator('[data-test="form-error"]').innerText(), '请按提示修改后再保存')
    assert.equal(puts, 0, 'nothing sent while the JSON is wrong')
    await screenshot(page, 'hours-forms-error')
    await fields.fill(original)
    await dialog.locator('[data-test="form-preview"] [data-test="field-isbn"]').waitFor({ state: 'visible' })
    const saved = await answerOf(page, 'PUT', '/api/v1/hours/forms/book', () => dialog.locator('[data-test="form-save"]').click())
    assert.equal(saved.status(), 204)
    await dialog.waitFor({ state: 'hidden' })
    const book = (await admin.get('/api/v1/hours/forms')).json.forms.find((f) => f.code === 'book')
    assert.deepEqual(book.fields, JSON.parse(original))
    assert.equal(book.attachment_required, true)
    assertNoConsoleErrors(page, 'rules and forms')
  })
})
