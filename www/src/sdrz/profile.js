// The personnel profile (issue 5): the reviewed fields of a 职称信息修改
// with their names, the comparison of a change (修改前信息 / 修改后信息), and
// the states of changes and transfers as the pages show them.
//
// A change's sides (GET /api/v1/me/requests → change.before/after, and the
// items of GET /api/v1/reviews/profile-changes) are
//   { dept, title_series, title_series_name, title_level, title_level_name,
//     title_qualification, title_qualification_name, title_effective_on,
//     appointed_on }

/** The fields of a 职称信息修改, in the order of the app's 修改详情. */
export const CHANGE_FIELDS = Object.freeze([
  { key: 'dept', label: '工作部门' },
  { key: 'title_series', label: '职称系列', name: 'title_series_name' },
  { key: 'title_level', label: '职称级别', name: 'title_level_name' },
  { key: 'title_qualification', label: '现专业技术职务资格', name: 'title_qualification_name' },
  { key: 'title_effective_on', label: '评审通过时间' },
  { key: 'appointed_on', label: '聘任日期' },
])

const empty = (v) => v === null || v === undefined || v === ''

/** A field of one side as shown: the dictionary name beside a code, '—' when empty. */
export function sideValue(side, field) {
  if (!side) return '—'
  const code = side[field.key]
  if (empty(code)) return '—'
  if (field.name) return side[field.name] || String(code)
  return String(code)
}

/**
 * Every field of a change, before and after: [{ key, label, before, after,
 * changed }] (changed: the stored values differ).
 */
export function compareChange(before, after) {
  return CHANGE_FIELDS.map((f) => {
    const b = before ? before[f.key] : null
    const a = after ? after[f.key] : null
    return {
      key: f.key,
      label: f.label,
      before: sideValue(before, f),
      after: sideValue(after, f),
      changed: (empty(b) ? '' : String(b)) !== (empty(a) ? '' : String(a)),
    }
  })
}

/** The labels of the fields a change touches: 职称级别、现专业技术职务资格. */
export function changedLabels(before, after) {
  return compareChange(before, after)
    .filter((r) => r.changed)
    .map((r) => r.label)
    .join('、')
}

/** A time as the API gives it, to the minute. */
export const minute = (v) => (v ? String(v).slice(0, 16) : '')

export const CHANGE_STATUS = Object.freeze({
  pending: { label: '待审核', type: 'warning' },
  approved: { label: '审核通过', type: 'success' },
  rejected: { label: '已驳回', type: 'danger' },
  withdrawn: { label: '已撤回', type: 'info' },
})

export const TRANSFER_STATUS = Object.freeze({
  pending: { label: '待调入单位审核', type: 'warning' },
  approved: { label: '已调入', type: 'success' },
  rejected: { label: '调入单位已驳回', type: 'danger' },
  withdrawn: { label: '已撤回', type: 'info' },
})

export const GENDERS = Object.freeze({ 1: '男', 2: '女' })
