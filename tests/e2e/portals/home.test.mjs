// Home pages of the main portal (sdrz), the public-subjects portal (gxk),
// the professional-subjects portal (zyk) and the mobile app (/m/), in a real
// Chromium against the running stack (nginx + portals).
//
//   cd tests && npm ci && node --test e2e/
//
// Base URLs: SDRZ_URL_SDRZ, SDRZ_URL_GXK, SDRZ_URL_ZYK (see browser.mjs).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  MOBILE,
  URLS,
  allowConsoleErrors,
  assertNoConsoleErrors,
  cjkGlyphReport,
  launchBrowser,
  screenshot,
} from '../browser.mjs'

const TIMEOUT = 15_000

// What the first deployment (the default configuration) must show.
const RIZHAO = {
  name: '日照市专业技术人员继续教育公共服务平台',
  organiser: '日照市人力资源和社会保障局',
  city: '日照市',
}

let b
let site // GET /api/v1/site of the sdrz portal

const href = (url) => new URL(url).href

async function fetchSite(base) {
  const res = await fetch(`${base}/api/v1/site`, { headers: { Accept: 'application/json' } })
  assert.equal(res.status, 200, `GET ${base}/api/v1/site`)
  return res.json()
}

async function openPage(url, options) {
  const page = await b.newPage(options)
  page.setDefaultTimeout(TIMEOUT)
  const response = await page.goto(url, { waitUntil: 'networkidle' })
  assert.ok(response && response.ok(), `GET ${url} answered ${response && response.status()}`)
  if (href(url) === href(`${URLS.sdrz}/`)) await loginBoxReady(page)
  return page
}

/**
 * Waits until the sign-in box of the sdrz home page has what it loads after
 * the session answer (证件类型 and the captcha), so that leaving the page
 * aborts no request.
 */
async function loginBoxReady(page) {
  await page.locator('[data-test="login-form"] [data-test="captcha-image"] img').waitFor({ state: 'visible' })
  await page.waitForFunction(
    () => document.querySelector('[data-test="login-id-type"] .el-select__placeholder:not(.is-transparent)')?.textContent.trim() === '居民身份证',
  )
  await page.waitForLoadState('networkidle')
}

/** Waits until the element's text is exactly `text` (after the API answered). */
async function expectText(page, selector, text) {
  await page.locator(selector).first().waitFor({ state: 'visible' })
  await page
    .waitForFunction(
      ([s, t]) => document.querySelector(s)?.textContent.trim() === t,
      [selector, text],
      { timeout: TIMEOUT },
    )
    .catch(() => {})
  assert.equal((await page.locator(selector).first().textContent()).trim(), text, selector)
}

async function bodyText(page) {
  return page.locator('body').innerText()
}

function assertCjkRenders(report, what) {
  const msg = `${what}: ${JSON.stringify(report)}`
  // Both characters leave ink, differ from each other and from a glyph that
  // no font has (the "tofu" box), and are full width (about 1 em).
  assert.ok(report.ink[0] > 50 && report.ink[1] > 50, `no ink: ${msg}`)
  assert.ok(report.differing > 100, `日 and 照 are drawn alike (missing CJK font?): ${msg}`)
  assert.ok(report.differingFromMissing > 100, `CJK drawn like a missing glyph: ${msg}`)
  for (const w of report.widths) {
    assert.ok(w > report.size * 0.85 && w < report.size * 1.15, `CJK glyph not full width: ${msg}`)
  }
}


/**
 * The controls of the home page are exactly those of the 用户登录 box:
 * user type, ID type, ID number, password, captcha input, the captcha
 * picture (a button: a click shows a new one) and 登录.
 */
async function checkOnlyLoginControls(page) {
  const form = page.locator('[data-test="login-form"]')
  await form.waitFor({ state: 'visible' })
  const controls = await page.$$eval('button, input, select, textarea', (els) =>
    els.map((el) => {
      const form = el.closest('[data-test="login-form"]')
      const item = el.closest('[data-test]')
      return {
        tag: el.tagName.toLowerCase(),
        type: el.getAttribute('type') || '',
        inForm: !!form,
        where: item ? item.getAttribute('data-test') : '',
      }
    }),
  )
  const outside = controls.filter((c) => !c.inForm)
  assert.deepEqual(outside, [], 'buttons or inputs outside the login box')
  const summary = controls.map((c) => `${c.tag}:${c.where}`).sort()
  const expected = [
    'button:captcha-image',
    'button:login-submit',
    'input:captcha-input',
    'input:login-id-number',
    'input:login-id-type',
    'input:login-password',
    'input:login-user-type',
  ].sort()
  assert.deepEqual(summary, expected, `controls of the login box: ${JSON.stringify(controls)}`)
  const password = await form.locator('[data-test="login-password"] input').getAttribute('type')
  assert.equal(password, 'password', 'the password is not shown')
}

/** Checks the header and footer of a gxk/zyk portal home page. */
async function checkPortalHome(page, key) {
  const portal = site.portals[key]
  await expectText(page, '[data-test="site-title"]', portal.name)
  const text = await bodyText(page)
  assert.ok(text.includes(`${site.city}专业技术人员继续教育`), 'portal overline')
  assert.ok(text.includes(portal.name), 'portal name')
  assert.ok(text.includes('培训平台入口'), 'footer entries')
  assert.ok(text.includes(`主办单位：${site.organiser}`), 'footer organiser')
  const back = page.locator('.sdrz-nav').getByRole('link', { name: '返回主平台', exact: true })
  // The address comes with /api/v1/site: wait for it (the fallback differs).
  await back
    .evaluate((a, url) => new Promise((resolve) => {
      const t0 = Date.now()
      const poll = () => (a.href === url || Date.now() - t0 > 5000 ? resolve() : setTimeout(poll, 50))
      poll()
    }), href(site.portals.sdrz.url))
  assert.equal(href(await back.evaluate((a) => a.href)), href(site.portals.sdrz.url), 'link back to the main portal')
}

describe('home pages', () => {
  before(async () => {
    site = await fetchSite(URLS.sdrz)
    b = await launchBrowser()
  })

  after(async () => {
    if (b) await b.close()
  })

  it('site information of the default configuration is Rizhao', () => {
    assert.equal(site.name, RIZHAO.name)
    assert.equal(site.organiser, RIZHAO.organiser)
    assert.equal(site.city, RIZHAO.city)
    assert.equal(href(site.portals.gxk.url), href(URLS.gxk))
    assert.equal(href(site.portals.zyk.url), href(URLS.zyk))
  })

  it('sdrz home page shows the platform in Chinese', async () => {
    const page = await openPage(`${URLS.sdrz}/`)
    await expectText(page, '[data-test="site-title"]', site.name)
    assert.equal(await page.title(), site.name)

    const text = await bodyText(page)
    for (const words of [
      RIZHAO.name,
      RIZHAO.organiser,
      '首页',
      '继续教育',
      '平台简介',
      '服务对象',
      '专业技术人员',
      '用人单位',
      '主管部门',
      '人社部门',
      '继续教育基地',
      '培训平台入口',
      '公需科目网络培训平台',
      '专业科目网络培训平台',
      `主办单位：${RIZHAO.organiser}`,
    ]) {
      assert.ok(text.includes(words), `page text lacks ${words}`)
    }

    // Links come from /api/v1/site, and every link on the page goes somewhere.
    const footer = page.locator('footer')
    const gxkHref = await footer.getByRole('link', { name: '公需科目网络培训平台', exact: true }).evaluate((a) => a.href)
    const zykHref = await footer.getByRole('link', { name: '专业科目网络培训平台', exact: true }).evaluate((a) => a.href)
    assert.equal(href(gxkHref), href(site.portals.gxk.url))
    assert.equal(href(zykHref), href(site.portals.zyk.url))
    const cardHref = (key) => page.locator(`[data-test="card-${key}"]`).evaluate((a) => a.href)
    assert.equal(href(await cardHref('gxk')), href(site.portals.gxk.url))
    assert.equal(href(await cardHref('zyk')), href(site.portals.zyk.url))
    assert.equal(await cardHref('m'), `${URLS.sdrz}/m/`)
    const links = await page.$$eval('a', (as) => as.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') })))
    assert.ok(links.length >= 6, `links: ${JSON.stringify(links)}`)
    for (const link of links) {
      assert.ok(link.href && link.href !== '#' && !link.href.startsWith('javascript:'), `dead link ${JSON.stringify(link)}`)
    }
    // The 用户登录 box and nothing else to press or fill in.
    await checkOnlyLoginControls(page)
    const box = await bodyText(page)
    for (const words of ['用户登录', '用户类型', '证件类型', '证件号', '密码', '验证码', '登录', '注册', '忘记登录密码?', '常见登录问题解决方法']) {
      assert.ok(box.includes(words), `login box lacks ${words}`)
    }

    await screenshot(page, 'sdrz-home')
    assertNoConsoleErrors(page, 'sdrz home')
  })

  it('sdrz home page advertises only functions that exist', async () => {
    // Bulk import, statistics, CE bases' annual reports and training plans
    // are not built yet: the page names none of them (each word comes back
    // with its function).
    const page = await openPage(`${URLS.sdrz}/`)
    await expectText(page, '[data-test="site-title"]', site.name)
    const text = await bodyText(page)
    for (const words of ['导入', '统计', '年度报告', '培训计划', '管理公需科目内容']) {
      assert.ok(!text.includes(words), `the home page names ${words}, which does not exist yet`)
    }
    // What each kind of user can do today is still said.
    const roles = await page.locator('[data-test^="role-"]').allInnerTexts()
    assert.equal(roles.length, 5, 'the five kinds of users')
    for (const words of ['学时申报', '结业证书', '审核', '管理员']) {
      assert.ok(roles.join('').includes(words), `服务对象 lacks ${words}`)
    }
    assertNoConsoleErrors(page, 'sdrz home')
  })

  it('sdrz home page draws Chinese with a real CJK font', async () => {
    const page = await openPage(`${URLS.sdrz}/`)
    await expectText(page, '[data-test="site-title"]', site.name)
    assertCjkRenders(await cjkGlyphReport(page, '[data-test="site-title"]'), 'title')
    assertCjkRenders(await cjkGlyphReport(page, 'footer'), 'footer')

    // The title itself is laid out full width: 22 characters at ~1 em each.
    const box = await page.locator('[data-test="site-title"]').evaluate((el) => {
      const range = document.createRange()
      range.selectNodeContents(el)
      return {
        width: range.getBoundingClientRect().width,
        fontSize: parseFloat(getComputedStyle(el).fontSize),
        chars: el.textContent.trim().length,
        letterSpacing: parseFloat(getComputedStyle(el).letterSpacing) || 0,
      }
    })
    const perChar = box.width / box.chars - box.letterSpacing
    assert.ok(perChar > box.fontSize * 0.85 && perChar < box.fontSize * 1.15, `title width ${JSON.stringify(box)}`)
    assertNoConsoleErrors(page, 'sdrz home')
  })

  for (const [key, label] of [
    ['gxk', '公需科目网络学习平台'],
    ['zyk', '专业科目培训平台'],
  ]) {
    it(`menu 继续教育 → ${label} opens the ${key} portal`, async () => {
      const page = await openPage(`${URLS.sdrz}/`)
      await page.locator('.sdrz-nav').getByText('继续教育', { exact: true }).hover()
      const item = page.locator('.sdrz-nav-popper').getByRole('link', { name: label, exact: true })
      await item.waitFor({ state: 'visible' })
      await screenshot(page, `sdrz-menu-${key}`)
      await Promise.all([page.waitForURL(href(site.portals[key].url)), item.click()])
      await page.waitForLoadState('networkidle')
      await checkPortalHome(page, key)
      assertNoConsoleErrors(page, `sdrz → ${key} by menu`)
    })
  }

  for (const [key, label] of [
    ['gxk', '公需科目网络培训平台'],
    ['zyk', '专业科目网络培训平台'],
  ]) {
    it(`footer 培训平台入口 → ${label} opens the ${key} portal`, async () => {
      const page = await openPage(`${URLS.sdrz}/`)
      const link = page.locator('footer').getByRole('link', { name: label, exact: true })
      await Promise.all([page.waitForURL(href(site.portals[key].url)), link.click()])
      await page.waitForLoadState('networkidle')
      await checkPortalHome(page, key)
      assertNoConsoleErrors(page, `sdrz → ${key} by footer`)
    })
  }

  for (const key of ['gxk', 'zyk']) {
    it(`${key} home page shows its name and leads back to the main portal`, async () => {
      const page = await openPage(`${URLS[key]}/`)
      await checkPortalHome(page, key)
      const portalSite = await fetchSite(URLS[key])
      assert.equal(portalSite.portal, key)
      assertCjkRenders(await cjkGlyphReport(page, '[data-test="site-title"]'), `${key} title`)
      await screenshot(page, `${key}-home`)

      const back = page.locator('.sdrz-nav').getByRole('link', { name: '返回主平台', exact: true })
      await Promise.all([page.waitForURL(href(site.portals.sdrz.url)), back.click()])
      await page.waitForLoadState('networkidle')
      await expectText(page, '[data-test="site-title"]', site.name)
      assertNoConsoleErrors(page, `${key} home and back`)
    })
  }

  it('mobile page offers 公需科目 and 专业科目', async () => {
    const page = await openPage(`${URLS.sdrz}/m/`, MOBILE)
    await page.locator('.van-nav-bar__title').waitFor({ state: 'visible' })
    assert.equal((await page.locator('.van-nav-bar__title').textContent()).trim(), '日照专技教育')
    assert.equal(await page.title(), '日照专技教育')
    const text = await bodyText(page)
    for (const words of ['公需科目', '专业科目', RIZHAO.name, RIZHAO.organiser]) {
      assert.ok(text.includes(words), `mobile page lacks ${words}`)
    }
    assertCjkRenders(await cjkGlyphReport(page, '.van-nav-bar__title'), 'mobile title')

    // The page is laid out for the phone: nothing wider than the screen.
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(scrollWidth <= MOBILE.viewport.width, `page is ${scrollWidth}px wide`)
    await screenshot(page, 'm-home')

    const entry = page.getByRole('link', { name: /公需科目/ })
    await page.waitForFunction(
      (url) => document.querySelector('[data-test="m-gxk"]')?.href === url,
      href(site.portals.gxk.url),
    )
    await Promise.all([page.waitForURL(href(site.portals.gxk.url)), entry.tap()])
    await page.waitForLoadState('networkidle')
    await checkPortalHome(page, 'gxk')
    assertNoConsoleErrors(page, 'mobile page → gxk')
  })

  it('mobile page: 专业科目 leads to the zyk portal', async () => {
    const page = await openPage(`${URLS.sdrz}/m/`, MOBILE)
    await page.waitForFunction(
      (url) => document.querySelector('[data-test="m-zyk"]')?.href === url,
      href(site.portals.zyk.url),
    )
    const entry = page.getByRole('link', { name: /专业科目/ })
    await Promise.all([page.waitForURL(href(site.portals.zyk.url)), entry.tap()])
    await page.waitForLoadState('networkidle')
    await checkPortalHome(page, 'zyk')
    assertNoConsoleErrors(page, 'mobile page → zyk')
  })

  it('sdrz home page still shows the names when /api/v1/site fails', async () => {
    // The one place a browser test stands in for the server: it makes the
    // site call fail, as it would while the portal process is down.
    const page = await b.newPage()
    page.setDefaultTimeout(TIMEOUT)
    // The site answer is reference data the browser may keep (ETag,
    // Cache-Control): without its cache this page must ask the network,
    // where the route below answers.
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    let answered = 0
    await page.route('**/api/v1/site', (route) => {
      answered += 1
      return route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'unavailable', message: '服务暂时不可用' } }),
      })
    })
    // Wait for the answer itself (the route's): with the scripts already
    // in the browser's cache, the network can be idle before the app asks.
    const asked = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/site')
    await page.goto(`${URLS.sdrz}/`, { waitUntil: 'networkidle' })
    assert.equal((await asked).status(), 503, 'the page got the failed answer')
    assert.ok(answered >= 1, 'the page asked for /api/v1/site')
    await expectText(page, '[data-test="site-title"]', RIZHAO.name)
    const text = await bodyText(page)
    for (const words of [RIZHAO.name, `主办单位：${RIZHAO.organiser}`, '继续教育', '培训平台入口']) {
      assert.ok(text.includes(words), `fallback page lacks ${words}`)
    }
    for (const label of ['公需科目网络培训平台', '专业科目网络培训平台']) {
      const h = await page.locator('footer').getByRole('link', { name: label, exact: true }).getAttribute('href')
      assert.ok(h, `fallback link for ${label}`)
    }
    await screenshot(page, 'sdrz-home-site-down')

    // The fallback links still lead to the portal pages (served by this host).
    await page.locator('footer').getByRole('link', { name: '公需科目网络培训平台', exact: true }).click()
    await page.waitForLoadState('networkidle')
    await expectText(page, '[data-test="site-title"]', '公需科目网络学习平台')
    assert.ok((await bodyText(page)).includes(`主办单位：${RIZHAO.organiser}`))

    // Only the refused calls themselves may be reported.
    const unexpected = page.consoleErrors.filter((e) => !/503/.test(e))
    assert.deepEqual(unexpected, [], 'console errors besides the refused call')
    allowConsoleErrors(page, /503/)
  })
})
