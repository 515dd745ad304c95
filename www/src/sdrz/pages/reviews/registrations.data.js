// 注册人员审核: the columns and filters of the queue (GET /api/v1/reviews/personnel-registrations).
import { time } from '../../reviewQueue.js'
import { personFilters } from './personFilters.js'

export const gender = (g) => ({ 1: '男', 2: '女' })[g] || ''

export const columns = [
  { key: 'name', label: '姓名', minWidth: 90, test: 'row-name' },
  { key: 'gender', label: '性别', width: 60, value: (row) => gender(row.gender) },
  // The page renders it: the masked number, and a mark when several waiting registrations claim it.
  { key: 'id_number_masked', label: '证件号', minWidth: 170, slot: true },
  { key: 'dept', label: '工作部门', minWidth: 110 },
  { key: 'title_qualification_name', label: '现专业技术职务资格', minWidth: 140 },
  { key: 'phone', label: '手机号', minWidth: 120 },
  { key: 'submitted_at', label: '提交时间', minWidth: 160, value: (row) => time(row.submitted_at) },
]

export const filters = [
  ...personFilters,
  { key: 'dates', label: '提交日期', type: 'daterange', to: ['from', 'to'], test: 'filter-dates' },
]
