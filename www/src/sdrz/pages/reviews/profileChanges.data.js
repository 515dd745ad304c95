// 人员信息修改审核: the columns and filters of the queue
// (GET /api/v1/reviews/profile-changes; a row carries `before` and `after`).
import { time } from '../../reviewQueue.js'
import { changedLabels } from '../../profile.js'
import { personFilters } from './personFilters.js'

/** The 现专业技术职务资格 of one side of a change. */
export const titleOf = (side) => side?.title_qualification_name || side?.title_qualification || '—'

export const columns = [
  { key: 'name', label: '姓名', minWidth: 90, test: 'row-name' },
  { key: 'id_number_masked', label: '证件号', minWidth: 170 },
  { key: 'org_name', label: '所在单位', minWidth: 150, tooltip: true },
  { key: 'changes', label: '修改内容', minWidth: 170, test: 'row-changes', value: (row) => changedLabels(row.before, row.after) || '—' },
  // The page renders it: the old title, and the new one when it changes.
  { key: 'title', label: '现专业技术职务资格', minWidth: 190, slot: true },
  { key: 'attachments', label: '证明附件', width: 90, align: 'center', value: (row) => (row.attachments?.length ? `${row.attachments.length} 个` : '无') },
  { key: 'submitted_at', label: '提交时间', minWidth: 160, value: (row) => time(row.submitted_at) },
]

export const filters = personFilters
