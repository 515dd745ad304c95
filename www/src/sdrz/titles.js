// 职称系列 → 职称级别 → 现专业技术职务资格. The qualifications of a series
// come from GET /api/v1/dicts/title_qualification?parent=<series code>; each
// item's `attr` is its title_level code (for the codes of GB/T 8561-2001 also
// their last digit), e.g. {code: "011", name: "教授", parent: "01", attr: "1"}.

/** The qualifications of the chosen level (all of them before a level is chosen). */
export function titleQualifications(items, levelCode) {
  const list = Array.isArray(items) ? items : []
  if (!levelCode) return list
  return list.filter((i) => String(i.attr) === String(levelCode))
}

/**
 * The levels a series has (a series may lack 员级 or 正高级): those of its
 * qualifications, in the order of the title_level dictionary; all levels
 * while no series is chosen.
 */
export function seriesLevels(levels, items) {
  const all = Array.isArray(levels) ? levels : []
  const list = Array.isArray(items) ? items : []
  if (!list.length) return all
  const present = new Set(list.map((i) => String(i.attr)))
  return all.filter((l) => present.has(String(l.code)))
}
