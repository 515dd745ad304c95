// What the hours pages share (学时申报, 进度查询, 年度完成情况, 学时申报审核,
// 继续教育学时查询, 电子证书查询验证, 学时规则, 学习形式管理): the labels of the
// API's codes, hours as numbers with at most one decimal, the study forms
// (GET /api/v1/hours/forms), proof uploads (POST /api/v1/attachments,
// multipart) and certificate downloads (GET /api/v1/certificates/:n/pdf).
import { upload } from './api/attachments.js'
import { certificatePdf, forms } from './api/hours.js'

export const CATEGORY_LABELS = Object.freeze({
  public: '公需科目',
  professional: '专业科目',
  either: '公需科目或专业科目',
})

export const DECL_STATUS = Object.freeze({
  pending: { label: '待审核', type: 'warning' },
  approved: { label: '审核通过', type: 'success' },
  rejected: { label: '已驳回', type: 'danger' },
})

export const SOURCE_LABELS = Object.freeze({
  platform: '平台学习',
  declaration: '学时申报',
  import: '批量导入',
  admin: '管理员录入',
})

export const CERT_KINDS = Object.freeze({
  completion: '结业证书',
  register: '继续教育学时登记表',
})

export const CERT_STATUS = Object.freeze({
  valid: { label: '有效', type: 'success' },
  revoked: { label: '已撤销', type: 'danger' },
  unknown: { label: '不存在', type: 'info' },
})

// The history of a declaration (audit actions) as the person reads it.
const HISTORY_LABELS = {
  'hours.declare': '提交申报',
  'review.approve': '审核通过',
  'review.reject': '审核驳回',
  'review.hide': '审核单位删除了审核记录',
}

export function historyLabel(entry) {
  return HISTORY_LABELS[entry.action] || entry.action
}

/** 12.5 → "12.5", 12 → "12", null → "0". */
export function fmtHours(v) {
  const n = Number(v)
  if (!Number.isFinite(n)) return '0'
  return String(Math.round(n * 10) / 10)
}

/** True for a non-negative number with at most one decimal. */
export function isHours(v) {
  const n = Number(v)
  return v !== '' && v !== null && Number.isFinite(n) && n >= 0 && Math.abs(n * 10 - Math.round(n * 10)) < 1e-9
}

/** The years a person may declare or an admin may query: this one and earlier ones. */
export function recentYears(count = 6, from = new Date().getFullYear()) {
  return Array.from({ length: count }, (_, i) => from - i)
}

/** What is missing of a year ({total, professional, public}) as a sentence. */
export function missingText(missing) {
  if (!missing) return ''
  const parts = []
  if (missing.total > 0) parts.push(`总学时差 ${fmtHours(missing.total)}`)
  if (missing.professional > 0) parts.push(`专业科目差 ${fmtHours(missing.professional)}`)
  if (missing.public > 0) parts.push(`公需科目差 ${fmtHours(missing.public)}`)
  return parts.join(',')
}

/** The yearly rule as a sentence: 总学时不少于 90,专业科目不少于 60,公需科目不少于 30. */
export function ruleText(rule) {
  if (!rule) return ''
  return `总学时不少于 ${fmtHours(rule.total_min)},专业科目不少于 ${fmtHours(rule.professional_min)},公需科目不少于 ${fmtHours(rule.public_min)}`
}

/** A study form's hour rule as a sentence, with the labels of its fields. */
export function formRuleText(form) {
  const rule = form && form.rule
  if (!rule || typeof rule !== 'object') return ''
  const label = (name) => (form.fields || []).find((f) => f.name === name)?.label || name
  const cap = rule.cap ? `,每项最多 ${fmtHours(rule.cap)} 学时` : ''
  if (rule.kind === 'fixed') return `每项认定 ${fmtHours(rule.hours)} 学时`
  // The unit of the counted field (天, 篇): every per_unit rule names it.
  if (rule.kind === 'per_unit') return `按${label(rule.field)}计算,每 1 ${rule.unit || '个'} 计 ${fmtHours(rule.per)} 学时${cap}`
  if (rule.kind === 'by_option') {
    const map = Object.entries(rule.map || {})
      .map(([k, v]) => `${k} ${fmtHours(v)}`)
      .join('、')
    return `按${label(rule.field)}认定:${map} 学时${cap}`
  }
  return ''
}

// ---- study forms ----

let formsPending = null

/** {types, forms} of GET /api/v1/hours/forms (all: with inactive ones). */
export function loadForms({ all = false, force = false } = {}) {
  if (all) return forms({ all: true })
  if (!formsPending || force) {
    formsPending = forms()
    formsPending.catch(() => {
      formsPending = null
    })
  }
  return formsPending
}

/** The form of a declaration or queue item (by code, else by name). */
export function formOf(forms, item) {
  const list = Array.isArray(forms) ? forms : []
  if (!item) return null
  return list.find((f) => f.code === item.study_form) || list.find((f) => f.name === item.study_form_name) || null
}

/**
 * The declared data as [label, value] rows, in the order of the form's
 * fields, then any value the form no longer names.
 */
export function dataRows(form, data) {
  const d = data && typeof data === 'object' ? data : {}
  const rows = []
  const seen = new Set()
  for (const f of form?.fields || []) {
    seen.add(f.name)
    const v = d[f.name]
    rows.push([f.label, v === null || v === undefined || v === '' ? '—' : String(v)])
  }
  for (const [k, v] of Object.entries(d)) {
    if (!seen.has(k)) rows.push([k, v === null || v === undefined || v === '' ? '—' : String(v)])
  }
  return rows
}

// ---- files ----

// The addresses of an attachment (owner and reviewers only) and of a
// certificate's PDF (its holder only).
export { attachmentUrl } from './api/attachments.js'
export { certificatePdfUrl } from './api/hours.js'

/** The public verification page of a certificate. */
export const verifyHref = (number) => `/verify?n=${encodeURIComponent(number)}`

/** Uploads a proof file; returns {id, name, mime, size}; throws ApiError. */
export const uploadAttachment = upload

/**
 * Fetches a certificate's PDF and saves it as `<file name>.pdf` (the
 * browser's download). Throws ApiError when the server refuses.
 */
export async function downloadCertificate(number, fileName) {
  const blob = new Blob([await certificatePdf(number)], { type: 'application/pdf' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = `${fileName || number}.pdf`
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
