// 机构信息修改审验: the columns and filters of the queue
// (GET /api/v1/reviews/org-changes; the review is `row.review`, with the
// changed fields `before` and `after`), and what a change touches.
import { time } from '../../reviewQueue.js'
import { orgKindLabel } from '../../adminFunctions.js'
import { orgFilters } from '../../orgFilters.js'

/** The fields an organisation change may touch. */
export const FIELDS = [
  { key: 'name', label: '单位名称' },
  { key: 'uscc', label: '统一社会信用代码' },
  { key: 'parent_id', label: '上级部门' },
]

const has = (obj, key) => Object.prototype.hasOwnProperty.call(obj || {}, key)

/** Whether the change moves the organisation to another parent (both parents decide). */
export const movesParent = (row) => has(row.review?.after, 'parent_id')

export const columns = [
  { key: 'name', label: '单位名称', minWidth: 180, tooltip: true, test: 'row-name', value: (row) => row.review.before?.name || row.name },
  { key: 'kind', label: '类型', width: 110, value: (row) => orgKindLabel(row) },
  // The page renders it: the changed fields and a mark when both parents decide.
  { key: 'changes', label: '变更内容', minWidth: 180, slot: true },
  { key: 'note', label: '变更说明', minWidth: 150, tooltip: true, value: (row) => row.review.after?.note || '' },
  { key: 'submitted_at', label: '提交时间', minWidth: 160, value: (row) => time(row.review.submitted_at) },
]

export const filters = [
  {
    key: 'type',
    label: '类型',
    type: 'select',
    placeholder: '全部类型',
    immediate: true,
    test: 'filter-type',
    options: [
      { value: 'dept', label: '主管部门' },
      { value: 'unit', label: '用人单位' },
      { value: 'branch', label: '下级单位' },
      { value: 'base', label: '继续教育基地' },
    ],
  },
  ...orgFilters(['name'], '单位名称'),
]
