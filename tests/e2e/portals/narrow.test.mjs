// Every page of the three portals at a phone's width (360 px), in a real
// Chromium: the anonymous pages, and the pages of each role signed in
// through the 用户登录 box at that width (personnel, and the admins of the
// city bureau, a supervising department, a unit with a branch and a CE
// base, all of the demo data; an admin's pages are the functions its
// 管理主页 links to). On each page nothing may be wider than the screen
// (document.documentElement.scrollWidth <= innerWidth, with html and body
// not clipping what sticks out), and every dialog or drawer that shows lies
// inside the screen. The gxk and zyk 登录 dialogs are opened, their captcha
// picture and 忘记登录密码? must be in view, and the 学习流程 steps must be
// laid out one under the other rather than squeezed to a character a line.
// Screenshots go to screenshots/narrow-*.png.
//
//   node --test tests/e2e/portals/narrow.test.mjs
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { rootId } from '../../api/accounts-lib.mjs'
import { URLS, launchBrowser, screenshot } from '../browser.mjs'
import { TIMEOUT, choose, signInWith } from '../helpers.mjs'

const WIDTH = 360
const PHONE = Object.freeze({ viewport: { width: WIDTH, height: 740 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true })
const DEMO_PASSWORD = 'Rizhao2026'

// Accounts of the demo data (fcgi/lib/demo.c).
const ROLES = [
  { key: 'personnel', userType: '专业技术人员', idNumber: '371102198605051417', home: '/personnel' },
  { key: 'city', userType: '人社部门', idNumber: '371102198001010016', home: '/admin' },
  { key: 'dept', userType: '主管部门', idNumber: '371102197304080615', home: '/admin' },
  { key: 'unit', userType: '用人单位', idNumber: '371102197901010914', home: '/admin' },
  { key: 'base', userType: '继续教育基地', idNumber: '371103198504041312', home: '/admin' },
]

const ANONYMOUS = [
  '/',
  '/register',
  '/register?type=unit',
  '/register?type=dept',
  '/register?type=base',
  '/register?type=hrb_district',
  '/forgot-password',
  '/reset-password?token=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  '/verify',
  '/verify?n=0000000000000000',
  '/no-such-page',
]

// The personnel's own pages (a personnel home links to some of them only).
const PERSONNEL = ['/personnel', '/personnel/profile', '/personnel/transfer', '/personnel/declare', '/personnel/declarations', '/personnel/years', '/password']

let b

const slug = (s) => s.replace(/^\/+/, '').replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '') || 'home'

/** What sticks out of a page at this width: {scrollWidth, innerWidth, clip, wide: [...], dialogs: [...]}. */
async function overflowReport(page) {
  return page.evaluate((vw) => {
    const vh = window.innerHeight
    // Element Plus locks the page's scrolling while a modal dialog is open
    // (body.el-popup-parent--hidden): that is not clipping.
    const clip = ['html', 'body']
      .filter((s) => !document.querySelector(s).classList.contains('el-popup-parent--hidden'))
      .map((s) => getComputedStyle(document.querySelector(s)).overflowX)
      .filter((v) => v === 'hidden' || v === 'clip')
    // The widest elements that reach past the right edge, to say what to fix.
    const wide = []
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect()
      // A margin on the right makes the page wider too.
      const right = r.right + Math.max(0, parseFloat(getComputedStyle(el).marginRight) || 0)
      if (r.width > 0 && right > vw + 0.5) {
        let inside = false
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const s = getComputedStyle(p)
          if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX) && p.getBoundingClientRect().right <= vw + 0.5) {
            inside = true
            break
          }
        }
        if (!inside) wide.push(`${el.tagName.toLowerCase()}.${String(el.className?.baseVal ?? el.className).trim().split(/\s+/).slice(0, 3).join('.')} right=${Math.round(right)}`)
      }
    }
    const dialogs = []
    for (const el of document.querySelectorAll('.el-dialog, .el-drawer, .el-message-box')) {
      const style = getComputedStyle(el)
      const r = el.getBoundingClientRect()
      if (style.display === 'none' || style.visibility === 'hidden' || r.width === 0) continue
      dialogs.push({
        what: String(el.className).split(/\s+/).slice(0, 2).join('.'),
        title: (el.querySelector('.el-dialog__title, .el-drawer__title, .el-message-box__title')?.textContent || '').trim(),
        left: Math.round(r.left),
        right: Math.round(r.right),
        top: Math.round(r.top),
        inside: r.left >= -0.5 && r.right <= vw + 0.5 && r.top >= -0.5 && (r.height <= vh ? r.bottom <= vh + 0.5 : true),
      })
    }
    // Entries of the menu that wrap onto a second row stay inside the bar
    // (rather than spilling over the page below it).
    const nav = document.querySelector('.sdrz-nav')
    const spilled = []
    if (nav) {
      const bar = nav.getBoundingClientRect()
      for (const li of nav.querySelectorAll('.el-menu > li')) {
        const r = li.getBoundingClientRect()
        if (r.bottom > bar.bottom + 0.5 || r.right > vw + 0.5) spilled.push(`${li.textContent.trim()} bottom=${Math.round(r.bottom)} bar=${Math.round(bar.bottom)}`)
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, clip, wide: wide.slice(0, 12), dialogs, spilled }
  }, WIDTH)
}

/**
 * Fails when anything of the page is wider than the screen or a dialog is
 * outside it. A phone's browser widens its layout viewport (innerWidth) to
 * show a page that is too wide, zoomed out: innerWidth must stay WIDTH.
 */
async function assertFits(page, what) {
  const r = await overflowReport(page)
  assert.deepEqual(r.clip, [], `${what}: html and body must not clip what is too wide`)
  const tooWide = `${what}: the page is ${r.scrollWidth}px wide at ${WIDTH}px (innerWidth ${r.innerWidth}); too wide: ${r.wide.join(', ')}`
  assert.equal(r.innerWidth, WIDTH, tooWide)
  assert.ok(r.scrollWidth <= r.innerWidth, tooWide)
  assert.deepEqual(r.spilled, [], `${what}: menu entries outside the menu bar`)
  for (const d of r.dialogs) assert.ok(d.inside, `${what}: the dialog ${d.title || d.what} is outside the screen ${JSON.stringify(d)}`)
  return r
}

/** Opens `path` of `base` in `page` and waits until it has loaded. */
async function visit(page, base, path) {
  const response = await page.goto(`${base}${path}`, { waitUntil: 'networkidle' })
  assert.ok(response && response.status() < 500, `GET ${path} answered ${response && response.status()}`)
  await page.locator('footer').first().waitFor({ state: 'attached', timeout: 2 * TIMEOUT })
  // Pages load their lists after the first paint.
  await page.waitForLoadState('networkidle')
}

async function newPhonePage() {
  const page = await b.newPage(PHONE)
  page.setDefaultTimeout(TIMEOUT)
  return page
}

/** Signs in on the home page at phone width; waits for the role's home. */
async function signIn(page, role) {
  await visit(page, URLS.sdrz, '/')
  const form = page.locator('[data-test="login-form"]')
  await form.waitFor({ state: 'visible' })
  await page.waitForFunction(
    () => document.querySelector('[data-test="login-id-type"] .el-select__placeholder:not(.is-transparent)')?.textContent.trim() === '居民身份证',
  )
  const [{ status, body }] = await Promise.all([
    signInWith(page, form, { userType: role.userType, idNumber: role.idNumber, password: DEMO_PASSWORD }),
    page.waitForURL(`${URLS.sdrz}${role.home}`, { timeout: 2 * TIMEOUT }),
  ])
  assert.equal(status, 200, `${role.key} signs in: ${JSON.stringify(body)}`)
  await page.waitForLoadState('networkidle')
}

/** The steps of 学习流程 stand one under the other, each about as wide as the panel. */
async function assertStepsReadable(page, what) {
  const steps = await page.$$eval('.steps .step', (els) => els.map((el) => {
    const r = el.getBoundingClientRect()
    const text = el.querySelector('.text')
    const lh = parseFloat(getComputedStyle(text).lineHeight) || 20
    return { width: Math.round(r.width), lines: Math.round(text.getBoundingClientRect().height / lh), chars: text.textContent.trim().length }
  }))
  assert.ok(steps.length >= 4, `${what}: the steps of 学习流程`)
  for (const s of steps) {
    assert.ok(s.width >= WIDTH * 0.6, `${what}: a step is ${s.width}px wide: ${JSON.stringify(steps)}`)
    assert.ok(s.chars / s.lines >= 8, `${what}: a step's text has ${s.chars} characters on ${s.lines} lines: ${JSON.stringify(steps)}`)
  }
}

describe(`every page at ${WIDTH} px`, () => {
  before(async () => {
    rootId() // the demo data, loaded when the database has none
    b = await launchBrowser()
  })

  after(async () => {
    if (b) await b.close()
  })

  it('the anonymous pages of the main portal', async () => {
    const page = await newPhonePage()
    const failures = []
    for (const path of ANONYMOUS) {
      await visit(page, URLS.sdrz, path)
      await screenshot(page, `narrow-sdrz-${slug(path)}`)
      await assertFits(page, `sdrz ${path}`).catch((err) => failures.push(err.message))
    }
    await page.context().close()
    assert.deepEqual(failures, [])
  })

  for (const key of ['gxk', 'zyk']) {
    it(`the ${key} home page and its 登录 dialog`, async () => {
      const page = await newPhonePage()
      await visit(page, URLS[key], '/')
      await screenshot(page, `narrow-${key}-home`)
      const failures = []
      await assertFits(page, `${key} home`).catch((err) => failures.push(err.message))
      await assertStepsReadable(page, `${key} 学习流程`).catch((err) => failures.push(err.message))

      await page.locator('[data-test="account-login"]').click()
      const dialog = page.locator('[data-test="login-dialog"]')
      await dialog.waitFor({ state: 'visible' })
      await dialog.locator('[data-test="captcha-image"] img').waitFor({ state: 'visible' })
      await screenshot(page, `narrow-${key}-login`)
      const r = await assertFits(page, `${key} 登录 dialog`).catch((err) => failures.push(err.message) && null)
      if (r) assert.equal(r.dialogs.length, 1, `${key}: the 登录 dialog is measured`)
      for (const item of ['captcha-image', 'login-forgot', 'login-register', 'login-submit', 'captcha-input']) {
        const box = await dialog.locator(`[data-test="${item}"]`).boundingBox()
        assert.ok(box, `${key}: ${item} shows`)
        if (box.x < 0 || box.x + box.width > WIDTH + 0.5) failures.push(`${key} 登录 dialog: ${item} runs off the screen ${JSON.stringify(box)}`)
      }
      await page.context().close()
    assert.deepEqual(failures, [])
    })
  }

  for (const role of ROLES) {
    it(`the pages of ${role.key}`, async () => {
      const page = await newPhonePage()
      await signIn(page, role)
      let paths = PERSONNEL
      if (role.home === '/admin') {
        // The functions show once GET /api/v1/org answered (a super admin has 管理员).
        await page.locator('a[data-test="fn-admins"]').waitFor({ state: 'visible' })
        const links = await page.$$eval('a[data-test^="fn-"]', (as) => as.map((a) => new URL(a.href).pathname))
        assert.ok(links.length >= 3, `${role.key}: the functions of 管理主页: ${links}`)
        paths = ['/admin', ...new Set(links), '/password']
      }
      const failures = []
      for (const path of paths) {
        await visit(page, URLS.sdrz, path)
        assert.equal(new URL(page.url()).pathname, path, `${role.key} stays on ${path}`)
        await screenshot(page, `narrow-${role.key}-${slug(path)}`)
        await assertFits(page, `${role.key} ${path}`).catch((err) => failures.push(err.message))
        if (path === '/personnel/declare') {
          // The fields of a study form, once one is chosen.
          const form = page.locator('[data-test="declare-form"]')
          await choose(page, form, 'decl-type', '培训类')
          await choose(page, form, 'decl-form', '线下培训进修')
          await form.locator('[data-test="form-rule"]').waitFor({ state: 'visible' })
          await screenshot(page, 'narrow-personnel-declare-offline')
          await assertFits(page, `${role.key} ${path} with 线下培训进修`).catch((err) => failures.push(err.message))
        }
      }
      // Signed in, the learning portals show the name instead of 登录.
      if (role.key === 'personnel') {
        for (const key of ['gxk', 'zyk']) {
          await visit(page, URLS[key], '/')
          await page.locator('[data-test="account-name"]').waitFor({ state: 'visible' })
          await screenshot(page, `narrow-personnel-${key}`)
          await assertFits(page, `personnel ${key} home`).catch((err) => failures.push(err.message))
        }
      }
      await page.context().close()
    assert.deepEqual(failures, [])
    })
  }

  it('dialogs of the pages fit the screen', async () => {
    const page = await newPhonePage()
    await signIn(page, ROLES[1])
    const failures = []
    // 新增管理员 of 直属账户管理, a 学习形式 being edited, the details of an organisation.
    for (const [path, button, what] of [
      ['/admin/admins', '[data-test="admins-add"]', '新增管理员'],
      ['/admin/hours/forms', '[data-test="row-edit"]', '编辑学习形式'],
      ['/admin/orgs/hrbs', '[data-test="suborg-detail"]', '人社部门详细'],
    ]) {
      await visit(page, URLS.sdrz, path)
      const opener = page.locator(button).first()
      if (!(await opener.count())) {
        failures.push(`${path}: no ${button} to open ${what}`)
        continue
      }
      await opener.click()
      await page.locator('.el-dialog, .el-drawer').first().waitFor({ state: 'visible' })
      await screenshot(page, `narrow-dialog-${slug(path)}`)
      const r = await assertFits(page, `${what} on ${path}`).catch((err) => failures.push(err.message) && null)
      if (r) assert.ok(r.dialogs.length >= 1, `${what}: the dialog is measured`)
    }
    await page.context().close()
    assert.deepEqual(failures, [])
  })
})
