// Reference dictionaries from GET /api/v1/dicts/:name[?parent=][&q=]
// (answer { dict, items: [{ code, name, parent, parent_name, level, attr }],
// truncated }). Whole dictionaries and their children by parent are fetched
// once per page load; searches (q) are not cached.
import { dict } from './api/dicts.js'

function itemsOf(answer) {
  if (Array.isArray(answer)) return answer
  return answer && Array.isArray(answer.items) ? answer.items : []
}

const cache = new Map()

/** The items of a dictionary (of one parent's children when `parent`). */
export function loadDict(name, { parent } = {}) {
  const key = `${name}\u0000${parent ?? ''}`
  if (!cache.has(key)) {
    const p = dict(name, { parent }).then(itemsOf)
    p.catch(() => cache.delete(key))
    cache.set(key, p)
  }
  return cache.get(key)
}

/**
 * Items of a dictionary whose name contains `q` (asked of the server, at
 * most `limit`): { items, truncated }.
 */
export async function searchDict(name, q, { limit = 200 } = {}) {
  const answer = await dict(name, { q, limit: q ? limit : undefined })
  return { items: itemsOf(answer), truncated: !!(answer && answer.truncated) }
}

/** The name of a code in a list of items ('' when absent). */
export function dictName(items, code) {
  if (code === null || code === undefined || code === '') return ''
  const item = (items || []).find((i) => String(i.code) === String(code))
  return item ? item.name : ''
}

/** The code of 居民身份证 in the id_type dictionary (by its name). */
export function residentIdCode(idTypes) {
  const item = (idTypes || []).find((i) => i.name === '居民身份证')
  return item ? item.code : null
}

/**
 * Options of a select for a dictionary: an item with children becomes a
 * group of its children (the group itself is not chosen), other items are
 * plain options. Order as the dictionary gives it.
 *   [{ code, name } | { group: name, code, options: [{ code, name }] }]
 */
export function dictOptions(items) {
  const list = Array.isArray(items) ? items : []
  const codes = new Set(list.map((i) => i.code))
  const children = new Map()
  for (const i of list) {
    if (i.parent && codes.has(i.parent)) {
      if (!children.has(i.parent)) children.set(i.parent, [])
      children.get(i.parent).push(i)
    }
  }
  const out = []
  for (const i of list) {
    if (i.parent && codes.has(i.parent)) continue
    const kids = children.get(i.code)
    if (kids) out.push({ group: i.name, code: i.code, options: kids })
    else out.push(i)
  }
  return out
}
