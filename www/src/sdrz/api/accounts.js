// Registration (注册): POST /api/v1/register/personnel and /register/org,
// and the picker of approved organisations the forms choose from.
// Sign-in and passwords: src/common/api/auth.js.
import { api } from '../../api.js'

/** 专业技术人员注册 → 201 {message}. */
export const registerPersonnel = (body) => api.post('register/personnel', body)

/** 单位 / 主管部门 / 继续教育基地 / 区(县)人社局注册 → 201 {message, id, approver, notice?}. */
export const registerOrg = (body) => api.post('register/org', body)

/** Approved organisations by name: [{id, name, kind}] (query: q, kind, limit). */
export const orgPicker = (query) => api.get('orgs/picker', { query })
