// Small things a person sees, in a real Chromium against
// the running stack: the rule of a study form counted per unit names its
// unit (每 1 天 计 8 学时); a file's size reads the same wherever it shows
// (389 B, not 1 KB on one page); the 性别 error of the registration sits
// under the field like the others; 人社部门管理 filters by admin, as the
// manual says.
//
//   node --test tests/e2e/sdrz/details.test.mjs
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sdrzctl, sql } from '../../api/lib.mjs'
import { Client, registration, rootId } from '../../api/accounts-lib.mjs'
import { upload } from '../../api/orgs-lib.mjs'
import { URLS, animationsDone, assertNoConsoleErrors, launchBrowser, screenshot } from '../browser.mjs'
import { STAMP, TIMEOUT, choose, freshId, openPage as openPageIn, signInWith, spell } from '../helpers.mjs'

const YEAR = new Date().getFullYear()
const PASSWORD = 'Detail2026pass'
const CITY = { idNumber: '371102198001010016', password: 'Rizhao2026' } // the demo's city bureau
const UNIT = { name: `细节测试单位${STAMP}`, admin: freshId(1).id }
const PERSON = { id: freshId(2).id, name: `柳${spell(STAMP % 1000)}`, password: 'Detail2026me' }
const SIZE = 389

/**
 * A well-formed one-page PDF of exactly `size` bytes (a comment pads it;
 * the cross-reference table gives the true offsets).
 */
function pdfOfSize(size) {
  const build = (pad) => {
    const head = `%PDF-1.4\n%${'x'.repeat(pad)}\n`
    const objs = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    ]
    let body = head
    const offsets = []
    objs.forEach((o, i) => {
      offsets.push(body.length)
      body += `${i + 1} 0 obj\n${o}\nendobj\n`
    })
    const xref = body.length
    body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`
    for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`
    body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
    return body
  }
  const base = build(0).length
  const out = Buffer.from(build(size - base), 'latin1')
  assert.equal(out.length, size)
  return out
}

let b
let person // the person's API client
let declarationId

const openPage = (url) => openPageIn(b, url)

async function signIn(userType, idNumber, password, home) {
  const page = await openPage(`${URLS.sdrz}/`)
  const form = page.locator('[data-test="login-form"]')
  const [{ status, body }] = await Promise.all([
    signInWith(page, form, { userType, idNumber, password }),
    page.waitForURL(`${URLS.sdrz}${home}`, { timeout: 2 * TIMEOUT }),
  ])
  assert.equal(status, 200, JSON.stringify(body))
  await page.waitForLoadState('networkidle')
  // The role's home has loaded what it shows (leaving it aborts nothing).
  await page.locator(home === '/admin' ? 'a[data-test="fn-admins"]' : '[data-test="me-name"]').waitFor({ state: 'visible' })
  await page.waitForLoadState('networkidle')
  return page
}

// The signed-out probe answers 200 now, and requests a page drops when
// it moves on are no error (browser.mjs): nothing to allow.
const signedOut = { allow: [] }

describe('small things on the pages', () => {
  before(async () => {
    const r = sdrzctl('org-add', '--kind', 'unit', '--parent', String(rootId()), '--name', UNIT.name,
      '--admin-id', UNIT.admin, '--admin-name', '蒋审核', '--admin-password', PASSWORD)
    assert.equal(r.status, 0, `sdrzctl org-add: ${r.stderr}`)
    const unitId = Number(/created organisation (\d+)/.exec(r.stdout)[1])
    const admin = new Client()
    assert.equal((await admin.login('unit', UNIT.admin, PASSWORD)).status, 200)
    const reg = await new Client().postSolved('/api/v1/register/personnel',
      registration(unitId, { id_number: PERSON.id, name: PERSON.name, gender: '2', password: PERSON.password, password2: PERSON.password }))
    assert.equal(reg.status, 201, reg.text)
    const [[pid]] = sql(`SELECT id FROM person WHERE id_number = '${PERSON.id}'`)
    const [[rid]] = sql(`SELECT id FROM review WHERE kind = 'personnel_reg' AND subject_id = ${pid}`)
    const d = await admin.post('/api/v1/reviews/personnel-registrations/decide', { ids: [Number(rid)], decision: 'approve' })
    assert.equal(d.json.done, 1, d.text)

    // A declaration of offline training with a proof of SIZE bytes.
    person = new Client()
    assert.equal((await person.login('personnel', PERSON.id, PERSON.password)).status, 200)
    const up = await upload(person, { name: '培训证明.pdf', bytes: pdfOfSize(SIZE) })
    assert.equal(up.status, 201, up.text)
    assert.equal(up.json.size, SIZE)
    const decl = await person.post('/api/v1/me/declarations', {
      year: YEAR, category: 'professional', study_form: 'offline', attachments: [up.json.id],
      data: { organiser: '日照市卫生健康委员会', course: `基层医疗实务${spell(STAMP % 100)}`, start: `${YEAR}-03-01`, end: `${YEAR}-03-02`, days: 2 },
    })
    assert.equal(decl.status, 201, decl.text)
    declarationId = decl.json.id
    b = await launchBrowser()
  })

  after(async () => {
    if (b) await b.close()
  })

  /** 学时申报 with 线下培训进修 chosen: {page, form}. */
  async function declareOffline() {
    const page = await signIn('专业技术人员', PERSON.id, PERSON.password, '/personnel')
    await page.goto(`${URLS.sdrz}/personnel/declare`, { waitUntil: 'networkidle' })
    const form = page.locator('[data-test="declare-form"]')
    await form.waitFor({ state: 'visible' })
    await choose(page, form, 'decl-year', `${YEAR}年`)
    await choose(page, form, 'decl-type', '培训类')
    await choose(page, form, 'decl-form', '线下培训进修')
    return { page, form }
  }

  it('学时申报 names the unit of a rule counted per unit', async () => {
    const { page, form } = await declareOffline()
    const rule = (await form.locator('[data-test="form-rule"]').innerText()).trim()
    assert.ok(rule.includes('每 1 天 计 8 学时'), `the rule names its unit: ${rule}`)
    await screenshot(page, 'details-declare-rule')
    assertNoConsoleErrors(page, 'declare', signedOut)
  })

  it('a file\'s size reads the same on 学时申报 and on 进度查询', async () => {
    const { page, form } = await declareOffline()
    // The proof chosen here shows its size like everywhere else.
    const file = `${process.env.TMPDIR || '/tmp'}/sdrz-details-${process.pid}.pdf`
    const { writeFileSync } = await import('node:fs')
    writeFileSync(file, pdfOfSize(SIZE))
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/attachments' && r.request().method() === 'POST'),
      form.locator('[data-test="decl-upload"] input[type="file"]').setInputFiles(file),
    ])
    assert.equal(response.status(), 201, await response.text())
    const files = form.locator('[data-test="decl-files"]')
    await files.waitFor({ state: 'visible' })
    assert.ok((await files.innerText()).includes(`${SIZE} B`), `the size of the chosen file: ${await files.innerText()}`)

    // 进度查询 → 详细: the same size.
    await page.goto(`${URLS.sdrz}/personnel/declarations`, { waitUntil: 'networkidle' })
    await page.locator('[data-test="row-detail"]').first().click()
    const detail = page.locator('[data-test="detail-dialog"] [data-test="attachments"]')
    await detail.waitFor({ state: 'visible' })
    const shown = (await detail.innerText()).trim()
    assert.ok(shown.includes(`${SIZE} B`), `the declaration's proof shows ${SIZE} B: ${shown}`)
    assert.ok(!shown.includes('1 KB'), shown)
    await screenshot(page, 'details-declaration-size')
    assertNoConsoleErrors(page, 'declare and declarations', signedOut)
  })

  it('学习形式管理 names the unit too', async () => {
    const page = await signIn('人社部门', CITY.idNumber, CITY.password, '/admin')
    await page.goto(`${URLS.sdrz}/admin/hours/forms`, { waitUntil: 'networkidle' })
    const row = page.locator('.el-table__body-wrapper tr').filter({ hasText: '线下培训进修' }).first()
    await row.waitFor({ state: 'visible' })
    assert.ok((await row.innerText()).includes('每 1 天 计 8 学时'), await row.innerText())
    assertNoConsoleErrors(page, 'study forms', signedOut)
  })

  it('the 性别 error of 专业技术人员注册 sits under the field', async () => {
    const page = await openPage(`${URLS.sdrz}/register`)
    const gender = page.locator('[data-test="reg-gender"]')
    await gender.waitFor({ state: 'visible' })
    await page.locator('[data-test="register-submit"]').click()
    const error = gender.locator('.el-form-item__error')
    await error.waitFor({ state: 'visible' })
    // The errors come in with a short transition: measure where they stay.
    await page.locator('[data-test="reg-phone"] .el-form-item__error').waitFor({ state: 'visible' })
    await animationsDone(page)
    assert.equal((await error.innerText()).trim(), '请选择性别')
    const group = await gender.locator('.el-radio-group').boundingBox()
    const box = await error.boundingBox()
    const content = await gender.locator('.el-form-item__content').boundingBox()
    assert.ok(box.y >= group.y + group.height - 1, `the error is below the choices: ${JSON.stringify({ group, box })}`)
    assert.ok(Math.abs(box.x - content.x) <= 1, `the error starts where the field does: ${JSON.stringify({ content, box })}`)
    // As the error of a text field does.
    const phone = page.locator('[data-test="reg-phone"]')
    const phoneError = await phone.locator('.el-form-item__error').boundingBox()
    const phoneInput = await phone.locator('.el-input').boundingBox()
    assert.ok(phoneError.y >= phoneInput.y + phoneInput.height - 1, 'the phone error is below its input')
    await screenshot(page, 'details-register-gender-error')
    assertNoConsoleErrors(page, 'register', signedOut)
  })

  it('人社部门管理 filters by admin', async () => {
    const page = await signIn('人社部门', CITY.idNumber, CITY.password, '/admin')
    await page.goto(`${URLS.sdrz}/admin/orgs/hrbs`, { waitUntil: 'networkidle' })
    const names = async () => (await page.locator('[data-test="suborg-table"] [data-test="row-name"]').allInnerTexts()).map((s) => s.trim())
    await page.locator('[data-test="row-name"]').first().waitFor({ state: 'visible' })
    const before = await names()
    assert.ok(before.length >= 2 && before.includes('东港区人力资源和社会保障局'), `the district bureaus: ${before}`)
    const input = page.locator('[data-test="filter-admin"]')
    await input.fill('李东港') // the demo's admin of 东港区人社局
    const [answer] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/orgs'),
      page.locator('[data-test="filter-search"]').click(),
    ])
    assert.equal(new URL(answer.url()).searchParams.get('admin'), '李东港', 'the filter goes to the API')
    await page.waitForFunction(() => document.querySelectorAll('[data-test="suborg-table"] [data-test="row-name"]').length === 1)
    assert.deepEqual(await names(), ['东港区人力资源和社会保障局'])
    await screenshot(page, 'details-hrbs-admin-filter')
    assertNoConsoleErrors(page, 'hrbs', signedOut)
  })
})
