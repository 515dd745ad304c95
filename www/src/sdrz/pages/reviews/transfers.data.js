// 调入审核: the columns and filters of the receiving unit's queue
// (GET /api/v1/reviews/transfers).
import { time } from '../../reviewQueue.js'
import { personFilters } from './personFilters.js'

export const columns = [
  { key: 'name', label: '姓名', minWidth: 100, test: 'row-name' },
  { key: 'id_number_masked', label: '证件号', minWidth: 170 },
  { key: 'from_org_name', label: '调出单位', minWidth: 200, tooltip: true },
  { key: 'submitted_at', label: '申请时间', minWidth: 160, value: (row) => time(row.submitted_at) },
]

export const filters = personFilters
