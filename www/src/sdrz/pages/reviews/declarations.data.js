// 学时申报审核: the columns and filters of the queue
// (GET /api/v1/reviews/declarations; a row carries the declared data and its attachments).
import { time } from '../../reviewQueue.js'
import { CATEGORY_LABELS, fmtHours } from '../../hours.js'
import { personFilters } from './personFilters.js'

export const columns = [
  { key: 'name', label: '姓名', minWidth: 96, test: 'row-name' },
  { key: 'id_number_masked', label: '证件号', minWidth: 165 },
  { key: 'org_name', label: '所在单位', minWidth: 120, tooltip: true },
  { key: 'year', label: '年度', width: 64 },
  { key: 'category', label: '科目', width: 86, value: (row) => CATEGORY_LABELS[row.category] || row.category },
  { key: 'form', label: '申报类型 / 学习形式', minWidth: 150, tooltip: true, value: (row) => `${row.decl_type_name} / ${row.study_form_name}` },
  { key: 'title', label: '名称', minWidth: 140, tooltip: true, test: 'row-title' },
  { key: 'hours', label: '学时', width: 60, value: (row) => fmtHours(row.hours) },
  // The page renders it: the proof files as links.
  { key: 'attachments', label: '证明材料', minWidth: 140, tooltip: true, slot: true },
  { key: 'submitted_at', label: '提交时间', width: 160, value: (row) => time(row.submitted_at) },
]

export const filters = personFilters

/** The decision's columns of the 已审核 tab (no 审核时间 in this queue's answer). */
export const decidedColumns = ['status', 'reason']
