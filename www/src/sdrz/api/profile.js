// The signed-in person (GET /api/v1/me), their profile, 职称信息修改 and
// 单位调转, and the admins' personnel lists (人员管理, 调转记录).
// Each function returns the answer's JSON and throws ApiError.
import { api } from '../../api.js'

/** {name, id_type, id_number_masked, …, personnel: {…} | null}. */
export const me = () => api.get('me')

/** The free fields of the profile, saved at once → 204. */
export const updateProfile = (body) => api.put('me/profile', body)

/** 职称信息修改 {dept, title_series, …, attachments} → 202 {message}. */
export const requestProfileChange = (body) => api.post('me/profile-change', body)

/** {change: {…} | null, transfer: {…} | null}, the pending or last of each. */
export const myRequests = () => api.get('me/requests')

/** 单位调转 to an approved organisation → 202 {message}. */
export const requestTransfer = (toOrgId) => api.post('me/transfer', { to_org_id: toOrgId })

/** Withdraws the pending transfer → 204. */
export const withdrawTransfer = () => api.delete('me/transfer')

// ---- admins ----

/** 调转记录 of both units: {total, page, size, items} (query direction, name, …, page, size). */
export const transferHistory = (query) => api.get('transfers', { query })

/** 人员管理: the subtree's approved personnel (query name, id_number, org_id, page, size). */
export const personnel = (query) => api.get('personnel', { query })

/** 更正姓名/证件号 {name?, id_type?, id_number?, note} → 204. */
export const correctIdentity = (personId, body) => api.put(`personnel/${encodeURIComponent(personId)}/identity`, body)
