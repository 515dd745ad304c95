// 公需科目管理 through the pages (issue 11, item 7), in a real Chromium
// against the running stack: the city bureau's super admin opens
// 公需科目管理 from the admin home's 课程管理 group, creates a class
// (新建培训班), adds a course and a section to it in the editor, and asks
// to publish: the server refuses and the page lists what is missing (the
// section's video and bank). Then a ready video and a bank with enough
// questions are chosen in the section's dialog and the class publishes;
// the page says an edit will make a new version. A district bureau's
// admin sees the class read-only.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from '../../api/lib.mjs'
import { rootId } from '../../api/accounts-lib.mjs'
import { orgAdd } from '../../api/orgs-lib.mjs'
import { readyVideo } from '../../api/courses-lib.mjs'
import { URLS, apiAnswer, assertNoConsoleErrors, launchBrowser, screenshot } from '../browser.mjs'
import { STAMP, choose, openPage, signInWith, spell } from '../helpers.mjs'

const CITY_PASSWORD = 'Rizhao2026'
const NAME = `公需科目浏览器测试班${spell(STAMP % 100000)}`

let b
let cityId
let cityOrg

before(async () => {
  cityOrg = rootId()
  ;[[cityId]] = sql(`SELECT p.id_number FROM org_admin a JOIN person p ON p.id = a.person_id
    WHERE a.org_id = ${cityOrg} AND a.is_super = 1 AND a.status = 'active'`)
  b = await launchBrowser()
})

after(async () => {
  await b?.close()
})

async function signInAdmin(page, userType, idNumber, password) {
  const form = page.locator('[data-test="login-form"]')
  const [{ status }] = await Promise.all([
    signInWith(page, form, { userType, idNumber, password }),
    page.waitForURL(`${URLS.sdrz}/admin`),
  ])
  assert.equal(status, 200)
}

describe('公需科目管理', () => {
  it('builds a class: the publish refusal lists what is missing; complete, it publishes', async () => {
    const page = await openPage(b, `${URLS.sdrz}/`)
    await signInAdmin(page, '人社部门', cityId, CITY_PASSWORD)
    const fn = page.locator('[data-test="group-courses"] [data-test="fn-course-classes"]')
    await fn.waitFor({ state: 'visible' })
    await Promise.all([page.waitForURL(`${URLS.sdrz}/admin/courses`), fn.click()])
    await page.locator('[data-test="page-title"]').getByText('公需科目管理').waitFor()

    // 新建培训班
    await page.locator('[data-test="class-create"]').click()
    const dialog = page.locator('[data-test="class-dialog"]')
    await dialog.waitFor({ state: 'visible' })
    await dialog.locator('[data-test="class-name"] input').fill(NAME)
    await dialog.locator('[data-test="class-intro"] textarea').fill('面向全市专业技术人员的年度公需科目培训。')
    await Promise.all([page.waitForURL(/\/admin\/courses\/classes\/\d+$/), dialog.locator('[data-test="class-save"]').click()])
    const classId = Number(/classes\/(\d+)$/.exec(page.url())[1])
    await page.locator('[data-test="page-title"]').getByText(NAME).waitFor()
    assert.equal((await page.locator('[data-test="class-status"]').innerText()).trim(), '未发布')
    await page.locator('[data-test="no-courses"]').waitFor()

    // 添加课程
    await page.locator('[data-test="course-add"]').click()
    const cd = page.locator('[data-test="course-dialog"]')
    await cd.waitFor({ state: 'visible' })
    await cd.locator('input[data-test="course-form-name"]').fill('法律法规')
    await cd.locator('input[data-test="course-form-teacher"]').fill('王老师')
    await cd.locator('[data-test="course-save"]').click()
    await cd.waitFor({ state: 'hidden' })
    const course = page.locator('[data-test="course"]').first()
    assert.equal((await course.locator('[data-test="course-name"]').innerText()).trim(), '1. 法律法规')

    // 添加小节, with neither video nor bank
    await course.locator('[data-test="section-add"]').click()
    const sd = page.locator('[data-test="section-dialog"]')
    await sd.waitFor({ state: 'visible' })
    await sd.locator('input[data-test="section-form-name"]').fill('宪法与法治')
    await sd.locator('[data-test="section-save"]').click()
    await sd.waitFor({ state: 'hidden' })
    await course.locator('[data-test="section-name"]').getByText('1. 宪法与法治').waitFor()

    // 发布: refused, with the list of what is missing
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/courses/classes/${classId}/publish`)),
      page.locator('[data-test="class-publish"]').click(),
    ])
    assert.equal(refused.status(), 422)
    const missing = page.locator('[data-test="publish-missing"]')
    await missing.waitFor({ state: 'visible' })
    const items = (await missing.locator('[data-test="missing-item"]').allInnerTexts()).map((t) => t.trim())
    assert.deepEqual(items, ['小节「法律法规 / 宪法与法治」未选择视频', '小节「法律法规 / 宪法与法治」未选择考试题库'])
    assert.deepEqual(sql(`SELECT status, live_version FROM course_class WHERE id = ${classId}`), [['draft', 'NULL']])
    await screenshot(page, 'courses-publish-missing')
    assertNoConsoleErrors(page, 'the class editor', { allow: [apiAnswer(422, `courses/classes/${classId}/publish`)] })

    // A ready video and a bank of five questions, chosen in the dialog.
    const videoName = `宪法视频${spell(STAMP % 1000)}.mp4`
    readyVideo(cityOrg, { name: videoName })
    const bankName = `宪法题库${spell(STAMP % 100000)}`
    sql(`INSERT INTO question_bank (org_id, name) VALUES (${cityOrg}, '${bankName}')`)
    const [[bankId]] = sql(`SELECT id FROM question_bank WHERE org_id = ${cityOrg} AND name = '${bankName}'`)
    for (let i = 0; i < 5; i++) {
      sql(`INSERT INTO question (bank_id, kind, stem, options, answer) VALUES (${bankId}, 'judge',
        '宪法是国家的根本大法(${i})', '["正确","错误"]', '[0]')`)
    }
    await course.locator('[data-test="section-edit"]').click()
    await sd.waitFor({ state: 'visible' })
    await choose(page, sd, 'section-form-video', `${videoName}(1:00)`)
    await choose(page, sd, 'section-form-bank', `${bankName}(有效试题 5 道)`)
    await sd.locator('[data-test="section-save"]').click()
    await sd.waitFor({ state: 'hidden' })
    const [ok] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/courses/classes/${classId}/publish`)),
      page.locator('[data-test="class-publish"]').click(),
    ])
    assert.equal(ok.status(), 200, await ok.text())
    await page.locator('[data-test="class-status"]').getByText('已发布').waitFor()
    await page.locator('[data-test="new-version-note"]').getByText('编辑将生成新版本').waitFor()
    assert.equal(await page.locator('[data-test="publish-missing"]').count(), 0)
    await screenshot(page, 'courses-published')

    // The first edit makes version 2; the live version stays.
    await page.locator('input[data-test="info-name"]').fill(`${NAME}(修订)`)
    await page.locator('[data-test="info-save"]').click()
    await page.locator('[data-test="class-version"]').getByText('第2版(草稿)').waitFor()
    await page.locator('[data-test="draft-note"]').waitFor()
    assert.deepEqual(sql(`SELECT v.name FROM course_class c JOIN class_version v ON v.id = c.live_version
      WHERE c.id = ${classId}`), [[NAME]])
    assertNoConsoleErrors(page, 'the class editor', { allow: [apiAnswer(422, `courses/classes/${classId}/publish`)] })

    // A district bureau reads it, without the editing controls.
    const d = orgAdd({ kind: 'hrb_district', parent: cityOrg, name: '课程浏览器测试区人社局', region: '379904' })
    const other = await openPage(b, `${URLS.sdrz}/`)
    await signInAdmin(other, '人社部门', d.admin, d.password)
    await other.goto(`${URLS.sdrz}/admin/courses/classes/${classId}`)
    await other.locator('[data-test="readonly-note"]').waitFor()
    assert.equal(await other.locator('[data-test="course-add"]').count(), 0)
    assert.equal(await other.locator('[data-test="class-publish"]').count(), 0)
    assert.equal(await other.locator('[data-test="section-edit"]').count(), 0)
    assertNoConsoleErrors(other, 'the class as a district bureau')
  })
})
