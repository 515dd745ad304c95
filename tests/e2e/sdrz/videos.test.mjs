// 视频管理 through the pages (issue 11, item 2), in a real Chromium against
// the running stack: the city bureau's super admin opens 视频管理 from the
// admin home's 课程管理 group, chooses an MP4 made here with ffmpeg, and
// uploads it with the progress bar. The first chunk's answer is lost on
// the way (the server has half of it; the page is told the request
// failed): the upload pauses, 继续上传 asks the server what it has and goes
// on from there to 100%. The state shows 等待转码; the test runs the job
// (`sdrzctl video-transcode`, as the timer would) and the page, polling,
// shows 已就绪 with the renditions; the list shows the video ready.
//
// The city bureau is the demo's root (the API suite makes it; rootId()
// makes it when this file runs alone).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sdrzctl, sql } from '../../api/lib.mjs'
import { rootId } from '../../api/accounts-lib.mjs'
import { URLS, allowConsoleErrors, assertNoConsoleErrors, launchBrowser, screenshot } from '../browser.mjs'
import { STAMP, openPage, signInWith, spell } from '../helpers.mjs'

const CITY_PASSWORD = 'Rizhao2026'
const dir = mkdtempSync(join(tmpdir(), 'sdrz-videos-e2e-'))
const MP4 = join(dir, `安全生产公开课${STAMP}.mp4`)
const NAME = `安全生产公开课${spell(STAMP % 10000)}`

let b
let cityId

before(async () => {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25',
    '-f', 'lavfi', '-i', 'sine', '-t', '12', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', MP4], { timeout: 60_000 })
  rootId()
  ;[[cityId]] = sql(`SELECT p.id_number FROM org_admin a JOIN person p ON p.id = a.person_id
    JOIN org o ON o.id = a.org_id WHERE o.parent_id IS NULL AND a.is_super = 1 AND a.status = 'active'`)
  b = await launchBrowser()
})

after(async () => {
  await b?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('视频管理', () => {
  it('uploads an MP4 with a progress bar, resumes after a lost chunk, and shows 已就绪 once transcoded', async () => {
    const page = await openPage(b, `${URLS.sdrz}/`)
    const form = page.locator('[data-test="login-form"]')
    const [{ status }] = await Promise.all([
      signInWith(page, form, { userType: '人社部门', idNumber: cityId, password: CITY_PASSWORD }),
      page.waitForURL(`${URLS.sdrz}/admin`),
    ])
    assert.equal(status, 200)
    // 课程管理 → 视频管理 on the admin home.
    const fn = page.locator('[data-test="group-courses"] [data-test="fn-videos"]')
    await fn.waitFor({ state: 'visible' })
    await Promise.all([page.waitForURL(`${URLS.sdrz}/admin/videos`), fn.click()])
    await page.locator('[data-test="page-title"]').getByText('视频管理').waitFor()

    // The first chunk reaches the server cut to its first half, and its
    // answer never reaches the page.
    const bytes = readFileSync(MP4)
    const half = Math.floor(bytes.length / 2)
    let cut = false
    await page.route(/\/api\/v1\/videos\/\d+\/data\?offset=0$/, async (route) => {
      if (cut) return route.continue()
      cut = true
      const body = route.request().postDataBuffer()
      assert.equal(body.length, bytes.length, 'the page sends the whole file as one chunk')
      const res = await route.fetch({ postData: body.subarray(0, half) })
      assert.equal(res.status(), 200, await res.text())
      await route.abort('failed')
    })
    allowConsoleErrors(page, /ERR_FAILED/, /requestfailed: .*\/api\/v1\/videos\/\d+\/data/)

    await page.locator('[data-test="videos-upload"]').click()
    const dialog = page.locator('[data-test="videos-dialog"]')
    await dialog.waitFor({ state: 'visible' })
    await dialog.locator('[data-test="video-file-input"]').setInputFiles(MP4)
    // Element Plus puts the attribute on the input itself.
    const name = dialog.locator('input[data-test="video-name"]')
    assert.equal(await name.inputValue(), `安全生产公开课${STAMP}`, 'the file name without .mp4')
    await name.fill(NAME)
    await dialog.locator('[data-test="video-start"]').click()

    // Paused, with the way on.
    const resume = dialog.locator('[data-test="video-resume"]')
    await resume.waitFor({ state: 'visible' })
    assert.match(await dialog.locator('[data-test="video-error"]').innerText(), /上传中断/)
    assert.equal((await dialog.locator('[data-test="video-state"]').innerText()).trim(), '上传已暂停')
    const [[id, received, st]] = sql(`SELECT id, received, status FROM video WHERE name = '${NAME}'`)
    assert.deepEqual([Number(received), st], [half, 'uploading'], 'the server kept half')

    // 继续上传: from the server's count, not from the start.
    const sent = []
    page.on('request', (r) => {
      if (r.method() === 'PUT' && r.url().includes(`/api/v1/videos/${id}/data`)) sent.push(new URL(r.url()).searchParams.get('offset'))
    })
    await resume.click()
    const progress = dialog.locator('[data-test="video-progress"]')
    await progress.getByText('100%').waitFor()
    await dialog.locator('[data-test="video-state"]').getByText('等待转码').waitFor()
    assert.deepEqual(sent, [String(half)], 'the rest from where the server was')
    assert.deepEqual(sql(`SELECT received, status FROM video WHERE id = ${id}`), [[String(bytes.length), 'queued']])
    await screenshot(page, 'videos-upload-queued')

    // The job runs; the page follows the state to 已就绪.
    const r = sdrzctl('video-transcode')
    assert.equal(r.status, 0, r.stderr + r.stdout)
    assert.match(r.stdout, new RegExp(`video ${id}: ready`))
    await dialog.locator('[data-test="video-state"]').getByText('已就绪').waitFor({ timeout: 15_000 })
    assert.match(await dialog.locator('[data-test="video-ready"]').innerText(), /时长 12 秒.*240p、360p/)
    await screenshot(page, 'videos-upload-ready')

    await dialog.locator('[data-test="videos-dialog-close"]').click()
    await dialog.waitFor({ state: 'hidden' })
    const row = page.locator('[data-test="videos-table"] .el-table__body-wrapper tr').filter({ hasText: NAME })
    await row.locator('[data-test="row-status"]').getByText('已就绪').waitFor()
    assert.equal((await row.locator('[data-test="row-duration"]').innerText()).trim(), '0:12')
    assert.equal((await row.locator('[data-test="row-renditions"]').innerText()).trim(), '240p、360p')
    await screenshot(page, 'videos-list')
    assertNoConsoleErrors(page, 'videos page')
  })
})
