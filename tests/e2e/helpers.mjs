// Shared steps of the browser tests that sign in and fill forms: fresh ID
// numbers, captcha answers read from the database (as the tests may, never
// the pages), Element Plus selects, date pickers, the picker windows, and
// the 用户登录 box.
import assert from 'node:assert/strict'
import { sql } from '../api/lib.mjs'

export const TIMEOUT = 15_000

// ---------------------------------------------------------------- ID numbers

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** A resident ID number with its GB 11643 check digit. */
export function residentId(region, birth, seq) {
  const first17 = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i], 0)
  return first17 + CHECK[sum % 11]
}

export const STAMP = Math.floor(Date.now() / 1000)
// Test files run side by side, each in its own process: each starts its
// sequence elsewhere.
let serial = (process.pid % 997) * 11

/**
 * A valid ID number that no person of the database has, different in each
 * run (birth date and sequence from the clock). gender: 1 male, 2 female.
 */
export function freshId(gender) {
  for (;;) {
    serial += 1
    const day = new Date(Date.UTC(1965, 0, 1) + ((Math.floor(STAMP / 100) + serial * 37) % 14000) * 86_400_000)
    const birth = day.toISOString().slice(0, 10)
    let seq = ((STAMP % 100) * 10 + serial) % 1000
    if (seq % 2 !== (gender === 1 ? 1 : 0)) seq = (seq + 1) % 1000
    const id = residentId('371102', birth, seq)
    if (sql(`SELECT COUNT(*) FROM person WHERE id_number = '${id}'`)[0][0] === '0') {
      return { id, birth }
    }
  }
}

// Names may hold no digits: the run's stamp spelled with characters.
export const spell = (n) => [...String(n)].map((d) => '明华英杰芳静涛磊洋霞'[d]).join('')

/** Opens `url` in a new page of the browser `b` (launchBrowser()). */
export async function openPage(b, url) {
  const page = await b.newPage()
  page.setDefaultTimeout(TIMEOUT)
  const response = await page.goto(url, { waitUntil: 'networkidle' })
  assert.ok(response && response.ok(), `GET ${url} answered ${response && response.status()}`)
  return page
}

// ---------------------------------------------------------------- forms

/** The expected answer of a captcha, as the database keeps it. */
export function captchaAnswer(id) {
  assert.match(id, /^[0-9a-f]{32}$/, 'captcha id')
  const rows = sql(`SELECT answer FROM captcha WHERE id = '${id}'`)
  assert.equal(rows.length, 1, `captcha ${id} in the database`)
  return rows[0][0]
}

/**
 * Shows a new captcha in `form` (a click on its picture) and returns its id,
 * taken from the page's own GET /api/v1/captcha.
 */
export async function newCaptcha(page, form) {
  const picture = form.locator('[data-test="captcha-image"]')
  await picture.locator('img').waitFor({ state: 'visible' })
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/captcha' && r.request().method() === 'GET'),
    picture.click(),
  ])
  assert.equal(response.status(), 200, 'GET /api/v1/captcha')
  const { id, image } = await response.json()
  // The form holds the new one once its picture shows.
  await page.waitForFunction(
    ([el, src]) => el.querySelector('img')?.getAttribute('src') === src,
    [await picture.elementHandle(), image],
  )
  return id
}

/**
 * Answers the captcha of `form` as a person would: a new picture (its id
 * from the page's own request), then its answer from the database.
 */
export async function solveCaptcha(page, form) {
  const id = await newCaptcha(page, form)
  await form.locator('[data-test="captcha-input"]').fill(captchaAnswer(id))
  return id
}

/** Picks `text` in the Element Plus select inside `[data-test=item]`. */
export async function choose(page, scope, item, text) {
  const field = scope.locator(`[data-test="${item}"]`)
  // This select's own list (another one may still be fading out).
  const list = await field.locator('input.el-select__input').getAttribute('aria-controls')
  await field.locator('.el-select__wrapper').click()
  const option = page.locator(`[id="${list}"] .el-select-dropdown__item`).filter({ hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) })
  await option.first().click()
  await page.waitForFunction(
    ([el, t]) => el.querySelector('.el-select__placeholder:not(.is-transparent)')?.textContent.trim() === t,
    [await field.elementHandle(), text],
  )
}

/** Types a date (YYYY-MM-DD) into the date picker inside `[data-test=item]`. */
export async function typeDate(scope, item, value) {
  const input = scope.locator(`[data-test="${item}"] input`)
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await assertValue(input, value, item)
}

export async function assertValue(input, value, what) {
  await input.page().waitForFunction(([el, v]) => el.value === v, [await input.elementHandle(), value]).catch(() => {})
  assert.equal(await input.inputValue(), value, what)
}

/** Opens a picker window, searches `q`, clicks the row `rowText`, 选定. */
export async function pick(page, button, testId, q, rowText) {
  await page.locator(`[data-test="${button}"]`).click()
  const dialog = page.locator(`[data-test="${testId}"]`)
  await dialog.waitFor({ state: 'visible' })
  await dialog.locator(`[data-test="${testId}-q"]`).fill(q)
  await dialog.locator(`[data-test="${testId}-search"]`).click()
  const row = dialog.locator('.el-table__body tr').filter({ has: page.getByText(rowText, { exact: true }) })
  await row.first().waitFor({ state: 'visible' })
  await row.first().click()
  await dialog.locator(`[data-test="${testId}-choose"]`).click()
  await dialog.waitFor({ state: 'hidden' })
}

/**
 * Signs in through the 用户登录 box `form` (captcha answer from the
 * database). Returns the answer of POST /api/v1/auth/login.
 */
export async function signInWith(page, form, { userType = '专业技术人员', idNumber, password }) {
  if (userType !== '专业技术人员') await choose(page, form, 'login-user-type', userType)
  await form.locator('[data-test="login-id-number"] input').fill(idNumber)
  await form.locator('[data-test="login-password"] input').fill(password)
  const id = await newCaptcha(page, form)
  await form.locator('[data-test="captcha-input"]').fill(captchaAnswer(id))
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/auth/login'),
    form.locator('[data-test="login-submit"]').click(),
  ])
  return { status: response.status(), body: await response.json() }
}

/** The text of the sign-in error of a login box. */
export async function loginError(form) {
  const alert = form.locator('[data-test="login-error"]')
  await alert.waitFor({ state: 'visible' })
  return (await alert.innerText()).trim()
}
