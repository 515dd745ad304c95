// The organisation the session acts for (GET/PUT /api/v1/org, its change,
// admins and roles) and the organisations below it (GET /api/v1/orgs…).
// Each function returns the answer's JSON and throws ApiError.
import { api } from '../../api.js'

export { orgPicker } from './accounts.js'

// ---- the own organisation ----

/** {id, kind, name, …, admins?, modules, change_pending}. */
export const org = () => api.get('org')

/** 基本信息维护 {nature, industry, level, phone, address} → 204. */
export const updateOrg = (body) => api.put('org', body)

/** 修改单位信息 / 更换上级部门 {name?, uscc?, parent_id?, note?} → 202 {message}. */
export const requestOrgChange = (body) => api.post('org/change', body)

/** The permission modules: [{name, label}]. */
export const modules = () => api.get('org/modules')

/** The own organisation's approved personnel (way a of adding an admin; query q, limit). */
export const orgPersonnel = (query) => api.get('org/personnel', { query })

// ---- admins ----

export const admins = () => api.get('org/admins')

/** {mode: pick|register|existing, …} → 204. */
export const addAdmin = (body) => api.post('org/admins', body)

export const makeSuper = (personId) => api.post(`org/admins/${encodeURIComponent(personId)}/super`)

export const setAdminRole = (personId, roleId) => api.put(`org/admins/${encodeURIComponent(personId)}/role`, { role_id: roleId ?? null })

export const removeAdmin = (personId) => api.delete(`org/admins/${encodeURIComponent(personId)}`)

// ---- roles ----

export const roles = () => api.get('org/roles')

/** {name, modules} → 201 {id}. */
export const createRole = (body) => api.post('org/roles', body)

export const updateRole = (id, body) => api.put(`org/roles/${encodeURIComponent(id)}`, body)

export const removeRole = (id) => api.delete(`org/roles/${encodeURIComponent(id)}`)

// ---- the subtree ----

/** 下级单位管理 and the lists by type: {total, page, size, items} (query type, name, …, page, size). */
export const subOrgs = (query) => api.get('orgs', { query })

/** One organisation below, with its admins. */
export const subOrg = (id) => api.get(`orgs/${encodeURIComponent(id)}`)

/** 设为超级管理员 of an organisation below (the bureaus) → 204. */
export const makeSubOrgSuper = (orgId, personId) => api.post(`orgs/${encodeURIComponent(orgId)}/admins/${encodeURIComponent(personId)}/super`)

/** 移除权限 of an admin of an organisation below → 204. */
export const removeSubOrgAdmin = (orgId, personId) => api.delete(`orgs/${encodeURIComponent(orgId)}/admins/${encodeURIComponent(personId)}`)
