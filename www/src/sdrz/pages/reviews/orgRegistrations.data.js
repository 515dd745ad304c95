// 人社部门审核, 主管部门审核, 用人单位审核, 下级单位审核, 继续教育基地审核: the
// columns and filters of each queue by its `type`, as the manual has them
// (GET /api/v1/reviews/org-registrations?type=…; the review is `row.review`).
import { time } from '../../reviewQueue.js'
import { orgFilters } from '../../orgFilters.js'

const SETUP = {
  hrb: { filters: ['name'], columns: ['region'] },
  dept: { filters: ['name', 'nature', 'level'], columns: ['nature', 'industry', 'level', 'region'] },
  unit: { filters: ['name', 'nature', 'industry'], columns: ['nature', 'industry', 'region'] },
  branch: { filters: ['name', 'nature', 'industry'], columns: ['nature', 'industry', 'parent'] },
  base: { filters: ['name', 'industry', 'level'], columns: ['industry', 'level', 'region'] },
}

const setupOf = (type) => SETUP[type] || SETUP.unit

const OPTIONAL = [
  { key: 'nature', label: '单位性质', prop: 'nature_name', minWidth: 110 },
  { key: 'industry', label: '所属行业', prop: 'industry_name', minWidth: 120, tooltip: true },
  { key: 'level', label: '级别', prop: 'level_name', width: 90 },
  { key: 'region', label: '地区', prop: 'region_name', minWidth: 100 },
  { key: 'parent', label: '上级单位', prop: 'parent_name', minWidth: 140, tooltip: true },
]

/** The columns of the queue of `type`; `noun` names the organisation (用人单位, …). */
export function columns(type, noun) {
  const wanted = setupOf(type).columns
  return [
    { key: 'name', label: `${noun}名称`, minWidth: 180, tooltip: true, test: 'row-name' },
    ...OPTIONAL.filter((c) => wanted.includes(c.key)),
    { key: 'phone', label: '单位电话', minWidth: 120 },
    // The page renders it: the code (无 without one), and a mark when several waiting registrations claim it.
    { key: 'uscc', label: '统一社会信用代码', minWidth: 170, slot: true },
    { key: 'submitted_at', label: '提交时间', minWidth: 160, value: (row) => time(row.review.submitted_at) },
  ]
}

/** The filters of the queue of `type`. */
export const filters = (type, noun) => orgFilters(setupOf(type).filters, `${noun}名称`)
