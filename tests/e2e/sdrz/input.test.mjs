// The registration page limits its fields with the server's own form
// description (GET /api/v1/forms/personnel-registration), not with copies
// of its own: the limits shown equal the server's, and a changed answer
// changes the page.
//
//   cd tests && node --test e2e/sdrz/input.test.mjs
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { URLS, assertNoConsoleErrors, launchBrowser, screenshot } from '../browser.mjs'
import { TIMEOUT } from '../helpers.mjs'

const FIELDS = ['id_number', 'password', 'password2', 'email', 'landline', 'dept', 'name', 'school', 'admin_post', 'title_cert_no']

let b
let server

before(async () => {
  b = await launchBrowser()
  const res = await fetch(`${URLS.sdrz}/api/v1/forms/personnel-registration`)
  assert.equal(res.status, 200)
  server = Object.fromEntries((await res.json()).fields.map((f) => [f.name, f]))
})

after(async () => {
  await b?.close()
})

/** The maxlength of each field's input once the page has the limits. */
async function limitsOn(page) {
  const form = page.locator('[data-test="register-form"]')
  // A loaded machine can take a while to draw the long form.
  await form.waitFor({ state: 'visible', timeout: 3 * TIMEOUT })
  await page.waitForFunction(() => document.querySelector('[data-test="reg-name"] input')?.hasAttribute('maxlength'), null, { timeout: 3 * TIMEOUT })
  const out = {}
  for (const f of FIELDS) out[f] = Number(await form.locator(`[data-test="reg-${f}"] input`).getAttribute('maxlength'))
  return out
}

describe('registration page limits', () => {
  it('are the server\'s: a 64-character password and name, as the columns', async () => {
    const page = await b.newPage()
    page.setDefaultTimeout(TIMEOUT)
    await page.goto(`${URLS.sdrz}/register`, { waitUntil: 'networkidle' })
    const shown = await limitsOn(page)
    for (const f of FIELDS) assert.equal(shown[f], server[f].maxlen, `${f}: page ${shown[f]}, server ${server[f].maxlen}`)
    assert.equal(shown.password, 64)
    assert.equal(shown.name, 64)
    await screenshot(page, 'input-register-limits')
    assertNoConsoleErrors(page, 'registration page')
  })

  it('follow the server\'s answer: another limit there is another limit on the page', async () => {
    const page = await b.newPage()
    page.setDefaultTimeout(TIMEOUT)
    await page.route('**/api/v1/forms/personnel-registration', async (route) => {
      const res = await route.fetch()
      const body = await res.json()
      for (const f of body.fields) if (f.name === 'name') f.maxlen = 7
      for (const f of body.fields) if (f.name === 'password') f.maxlen = 9
      await route.fulfill({ response: res, json: body })
    })
    await page.goto(`${URLS.sdrz}/register`, { waitUntil: 'networkidle' })
    const shown = await limitsOn(page)
    assert.equal(shown.name, 7)
    assert.equal(shown.password, 9)
    assert.equal(shown.school, server.school.maxlen)
    const name = page.locator('[data-test="reg-name"] input')
    await name.fill('')
    await name.pressSequentially('张三李四王五赵六钱七')
    assert.equal(await name.inputValue(), '张三李四王五赵', 'typing stops at the limit')
    assertNoConsoleErrors(page, 'registration page')
  })
})
