// Two registrations of one ID number on 注册人员审核, in a
// real Chromium against the running stack: both wait, each row says that
// the number has two registrations, 详细 explains what approving one does
// and narrows the queue to the number; approving one rejects the other,
// whose reason shows on 已审核.
//
//   cd tests && node --test e2e/sdrz/registration.test.mjs
//
// Setup uses the admin tool (sdrzctl org-add) and the API (registrations
// with their captcha answered from the database, as the tests may).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sdrzctl, sql } from '../../api/lib.mjs'
import { Client, registration, rootId } from '../../api/accounts-lib.mjs'
import { URLS, assertNoConsoleErrors, launchBrowser, screenshot } from '../browser.mjs'
import { STAMP, freshId, openPage, signInWith, spell } from '../helpers.mjs'

const UNIT = `双人注册单位${spell(STAMP % 10000)}`
const ADMIN = { ...freshId(1), name: '审核管理员', password: 'Admin2024pass' }
const NUMBER = freshId(1).id
const FIRST = { name: `冒${spell(STAMP % 100)}`, password: 'First2024pass' }
const SECOND = { name: `真${spell((STAMP + 1) % 100)}`, password: 'Second2024pass' }

let b
let unit

function rows(page, name) {
  return page.locator('[data-test="review-table"] .el-table__body-wrapper tr').filter({ has: page.getByText(name, { exact: true }) })
}

describe('one ID number registered twice, on 注册人员审核', () => {
  before(async () => {
    const r = sdrzctl('org-add', '--kind', 'unit', '--parent', String(rootId()), '--name', UNIT,
      '--admin-id', ADMIN.id, '--admin-name', ADMIN.name, '--admin-password', ADMIN.password)
    assert.equal(r.status, 0, r.stderr)
    unit = Number(/created organisation (\d+)/.exec(r.stdout)[1])
    for (const who of [FIRST, SECOND]) {
      const res = await new Client().postSolved('/api/v1/register/personnel', registration(unit, {
        id_number: NUMBER, name: who.name, password: who.password, password2: who.password,
      }))
      assert.equal(res.status, 201, res.text)
    }
    b = await launchBrowser()
  })

  after(async () => {
    if (b) await b.close()
  })

  it('both wait and are marked; approving one rejects the other with the reason', async () => {
    const page = await openPage(b, `${URLS.sdrz}/`)
    const form = page.locator('[data-test="login-form"]')
    const { status, body } = await signInWith(page, form, { userType: '用人单位', idNumber: ADMIN.id, password: ADMIN.password })
    assert.equal(status, 200, JSON.stringify(body))
    await page.waitForURL(`${URLS.sdrz}/admin`)
    await Promise.all([
      page.waitForURL(`${URLS.sdrz}/admin/reviews/registrations`),
      page.locator('[data-test="fn-registration-reviews"]').click(),
    ])
    for (const who of [FIRST, SECOND]) {
      const row = rows(page, who.name)
      await row.waitFor({ state: 'visible' })
      assert.equal((await row.locator('[data-test="row-same-id"]').innerText()).trim(), '该证件号有 2 条待审核注册')
    }
    await screenshot(page, 'registration-same-id-queue')

    // 详细: what approving one does, and the queue of this number only.
    await rows(page, SECOND.name).locator('[data-test="row-detail"]').click()
    const detail = page.locator('[data-test="detail-dialog"]')
    const warning = detail.locator('[data-test="detail-same-id"]')
    await warning.waitFor({ state: 'visible' })
    const text = await warning.innerText()
    assert.ok(text.includes('该证件号共有 2 条待审核的注册申请'), text)
    assert.ok(text.includes('其余的将自动驳回'), text)
    await screenshot(page, 'registration-same-id-detail')
    await Promise.all([
      page.waitForResponse((r) => r.url().includes(`id_number=${NUMBER}`)),
      warning.locator('[data-test="detail-same-id-list"]').click(),
    ])
    await detail.waitFor({ state: 'hidden' })
    assert.equal(await page.locator('[data-test="filter-id-number"]').inputValue(), NUMBER)
    assert.equal(await page.locator('[data-test="review-table"] .el-table__body-wrapper tr').count(), 2)

    // 批量通过 for the second: the first is rejected at once.
    await rows(page, SECOND.name).locator('.el-checkbox').click()
    await page.locator('[data-test="batch-approve"]').click()
    const result = page.locator('[data-test="result-dialog"]')
    await result.waitFor({ state: 'visible' })
    assert.match(await result.locator('[data-test="result-summary"]').innerText(), /通过:成功 1 条,失败 0 条/)
    await result.locator('[data-test="result-close"]').click()
    await rows(page, FIRST.name).waitFor({ state: 'detached' })
    await rows(page, SECOND.name).waitFor({ state: 'detached' })

    await page.getByRole('tab', { name: '已审核' }).click()
    const lost = rows(page, FIRST.name)
    await lost.waitFor({ state: 'visible' })
    const lostText = await lost.innerText()
    assert.ok(lostText.includes('同一证件号的另一注册申请已获批准'), lostText)
    assert.ok((await rows(page, SECOND.name).innerText()).includes('审核通过'))
    await screenshot(page, 'registration-same-id-decided')
    const states = sql(`SELECT pe.status FROM person p JOIN personnel pe ON pe.person_id = p.id
      WHERE p.id_number = '${NUMBER}' ORDER BY p.id`).map(([s]) => s)
    assert.deepEqual(states, ['rejected', 'approved'])
    assertNoConsoleErrors(page, 'two registrations of one number')
  })
})
