// Shared helpers of the browser tests: Debian's Chromium through
// playwright-core, the portal URLs, console-error tracking and screenshots.
//
//   const b = await launchBrowser()
//   const page = await b.newPage()          // records console errors
//   await page.goto(URLS.sdrz)
//   ...
//   assertNoConsoleErrors(page)
//   await b.close()
//
// Every test fails on a console error or page error of any page it used
// (an afterEach hook of this module checks them all), unless the test
// named it as expected with assertNoConsoleErrors(page, what, { allow })
// or allowConsoleErrors(page, ...patterns).
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))

// Every page made by newPage(), in order, for the check after each test.
const trackedPages = []

export const SCREENSHOT_DIR = join(here, 'screenshots')

function baseUrl(name, port) {
  return (process.env[name] || `http://127.0.0.1:${port}`).replace(/\/+$/, '')
}

/** Base URLs of the three portals (no trailing slash). */
export const URLS = Object.freeze({
  sdrz: baseUrl('SDRZ_URL_SDRZ', 8080),
  gxk: baseUrl('SDRZ_URL_GXK', 8081),
  zyk: baseUrl('SDRZ_URL_ZYK', 8082),
})

export const CHROMIUM = process.env.SDRZ_CHROMIUM || '/usr/bin/chromium'

export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
])

export const DESKTOP = Object.freeze({ viewport: { width: 1366, height: 900 } })
export const MOBILE = Object.freeze({
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
})

/**
 * Starts Chromium. Playwright gives it a fresh temporary profile
 * (--user-data-dir) and removes it on close(). Returns
 * { browser, newPage(options), close() }; each page from newPage() lives in
 * its own context (own cookies; DESKTOP unless options say otherwise, e.g.
 * MOBILE) and collects its console errors, uncaught exceptions and failed
 * requests in page.consoleErrors.
 */
export async function launchBrowser({ locale = 'zh-CN' } = {}) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
  })

  function track(page) {
    page.consoleErrors = []
    page.allowedErrors = []
    page.checkedErrors = 0
    trackedPages.push(page)
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        page.consoleErrors.push(`console: ${msg.text()} @ ${msg.location().url || page.url()}`)
      }
    })
    page.on('pageerror', (err) => page.consoleErrors.push(`pageerror: ${err.message}`))
    page.on('requestfailed', (req) => {
      const why = req.failure()?.errorText || ''
      // A request the browser dropped because the page moved on (a
      // navigation, a closed page) failed no one: not an error.
      if (why === 'net::ERR_ABORTED') return
      page.consoleErrors.push(`requestfailed: ${req.url()} ${why}`)
    })
    return page
  }

  return {
    browser,
    async newPage(options = DESKTOP) {
      const context = await browser.newContext({ locale, ...options })
      return track(await context.newPage())
    },
    async close() {
      await browser.close()
    },
  }
}

/** Marks console errors matching `patterns` as expected on `page`. */
export function allowConsoleErrors(page, ...patterns) {
  page.allowedErrors.push(...patterns)
}

function unexpectedErrors(page, from = 0) {
  return page.consoleErrors.slice(from).filter((e) => !page.allowedErrors.some((re) => re.test(e)))
}

/**
 * Fails with the recorded console errors of a page, if there are any
 * besides those matching one of `allow` (regular expressions, each for an
 * answer the test expects, such as a refused sign-in). The allowed ones
 * stay allowed on this page for the check after the test.
 */
export function assertNoConsoleErrors(page, what = page.url(), { allow = [] } = {}) {
  allowConsoleErrors(page, ...allow)
  assert.deepEqual(unexpectedErrors(page), [], `console errors on ${what}`)
}

// After each test: no page logged an error that the test did not expect,
// including pages it never checked itself and errors logged after its
// last check.
afterEach(() => {
  const problems = []
  for (const page of trackedPages) {
    problems.push(...unexpectedErrors(page, page.checkedErrors))
    page.checkedErrors = page.consoleErrors.length
  }
  assert.deepEqual(problems, [], 'console errors or page errors during this test')
})

/** An allowed console error: the 4xx answer of one API path. */
export function apiAnswer(status, path) {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`^console: Failed to load resource: the server responded with a status of ${status} .* @ https?://[^/]+/api/v1/${escaped}(\\?.*)?$`)
}

/**
 * Waits (at most `ms`) until no finite CSS animation or transition runs:
 * dialogs and drop-downs fade in and out, and a picture taken meanwhile
 * shows them half drawn.
 */
export async function animationsDone(page, ms = 3000) {
  await page
    .waitForFunction(
      () =>
        document.getAnimations().every((a) => {
          const timing = a.effect && a.effect.getComputedTiming()
          return a.playState !== 'running' || !timing || timing.iterations === Infinity
        }),
      null,
      { timeout: ms },
    )
    .catch(() => {})
}

/** Saves a full-page screenshot as screenshots/<name>.png; returns the path. */
export async function screenshot(page, name) {
  await animationsDone(page)
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}

/**
 * Checks that CJK text in `selector` is drawn with real glyphs: two
 * different characters, drawn on a canvas in the element's computed font,
 * must give different pixels (missing-glyph boxes are all alike) and be
 * about one em wide (full width). Returns the measurements.
 */
export async function cjkGlyphReport(page, selector, chars = ['日', '照']) {
  return page.evaluate(
    ({ selector, chars }) => {
      const el = document.querySelector(selector)
      if (!el) throw new Error(`no element ${selector}`)
      const style = getComputedStyle(el)
      const size = 48
      const font = `${style.fontStyle} ${style.fontWeight} ${size}px ${style.fontFamily}`
      const draw = (ch) => {
        const canvas = document.createElement('canvas')
        canvas.width = size * 2
        canvas.height = size * 2
        const ctx = canvas.getContext('2d', { willReadFrequently: true })
        ctx.fillStyle = '#fff'
        ctx.fillRect(0, 0, canvas.width, canvas.height)
        ctx.fillStyle = '#000'
        ctx.font = font
        ctx.textBaseline = 'middle'
        ctx.fillText(ch, size / 2, size)
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data
        let ink = 0
        for (let i = 0; i < data.length; i += 4) if (data[i] < 128) ink += 1
        return { pixels: Array.from(data), ink, width: ctx.measureText(ch).width }
      }
      const [a, b] = chars.map(draw)
      let differing = 0
      for (let i = 0; i < a.pixels.length; i += 4) if (a.pixels[i] !== b.pixels[i]) differing += 1
      // A character that exists in no font on earth, drawn the same way,
      // shows what a missing glyph looks like here.
      const missing = draw('\u{10FFFD}')
      let differingFromMissing = 0
      for (let i = 0; i < a.pixels.length; i += 4) {
        if (a.pixels[i] !== missing.pixels[i]) differingFromMissing += 1
      }
      return {
        font,
        fontFamily: style.fontFamily,
        size,
        widths: [a.width, b.width],
        ink: [a.ink, b.ink],
        differing,
        differingFromMissing,
      }
    },
    { selector, chars },
  )
}
