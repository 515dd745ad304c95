// The filters of the queues of personnel (姓名, 证件号), as FilterForm fields.
export const personFilters = [
  { key: 'name', label: '姓名', type: 'text', maxlength: 64, test: 'filter-name' },
  { key: 'id_number', label: '证件号', type: 'text', placeholder: '完整证件号', maxlength: 32, upper: true, test: 'filter-id-number' },
]
