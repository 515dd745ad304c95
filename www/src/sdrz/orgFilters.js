// The filters of the organisation lists and queues (名称, 管理员, 性质, 级别,
// 所属行业, 地区) as FilterForm fields, always in this order.
const ORG_FILTERS = [
  { key: 'name', type: 'text', maxlength: 100, test: 'filter-name' },
  // An active admin's name or a part of it, or their ID number.
  { key: 'admin', label: '管理员', type: 'text', placeholder: '管理员姓名或证件号', maxlength: 100, test: 'filter-admin' },
  { key: 'nature', label: '性质', type: 'dict', dict: 'unit_nature', tree: true, test: 'filter-nature' },
  { key: 'level', label: '级别', type: 'dict', dict: 'org_level', grouped: false, test: 'filter-level' },
  { key: 'industry', label: '所属行业', type: 'dict', dict: 'industry', tree: true, filterable: true, test: 'filter-industry' },
  // 地区: the city and its districts, not the province.
  { key: 'region', label: '地区', type: 'dict', dict: 'region', grouped: false, minLevel: 2, test: 'filter-region' },
]

/** The fields named in `keys` (some of name, admin, nature, level, industry, region); the name's label is `nameLabel`. */
export function orgFilters(keys, nameLabel = '名称') {
  return ORG_FILTERS.filter((f) => keys.includes(f.key)).map((f) =>
    f.key === 'name' ? { ...f, label: nameLabel, placeholder: nameLabel } : f,
  )
}
