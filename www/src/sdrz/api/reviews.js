// The approvers' review queues. Every queue of the API has one shape:
//   GET    <base>?status=pending|decided&page=&size=&<filters> → {total, page, size, items}
//   GET    <base>/:id                                          → one item (queues with `detail`)
//   POST   <base>/decide {ids, decision: approve|reject, reason} → {done, failed, results}
//   DELETE <base>/:id                                          → 204 (decided ones; queues with `remove`)
// A queue here is { list(query), detail?(id), decide(ids, decision, reason), remove?(id) };
// components/ReviewQueue.vue and the admin home's counts take one of them.
import { api } from '../../api.js'

function queue(base, { detail = false, remove = true } = {}) {
  const q = {
    base,
    list: (query) => api.get(base, { query }),
    decide: (ids, decision, reason) => api.post(`${base}/decide`, { ids, decision, reason: reason || undefined }),
  }
  if (detail) q.detail = (id) => api.get(`${base}/${encodeURIComponent(id)}`)
  if (remove) q.remove = (id) => api.delete(`${base}/${encodeURIComponent(id)}`)
  return Object.freeze(q)
}

/** 注册人员审核 (module account_review). */
export const personnelRegistrations = queue('reviews/personnel-registrations', { detail: true })

/** 人社部门 / 主管部门 / 用人单位 / 下级单位 / 继续教育基地审核 (module account_review; query type). */
export const orgRegistrations = queue('reviews/org-registrations', { detail: true })

/** 机构信息修改审验 (module info_review). */
export const orgChanges = queue('reviews/org-changes')

/** 人员信息修改审核 (module info_review). */
export const profileChanges = queue('reviews/profile-changes')

/** 调入审核 (module account_review): no history to delete from. */
export const transfers = queue('reviews/transfers', { remove: false })

/** 学时申报审核 (module hours). */
export const declarations = queue('reviews/declarations')
