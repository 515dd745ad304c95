// The signed-in session, shared by every page of a portal. One sign-in
// serves the three portals (the cookie is theirs in common); the pages learn
// about it from GET /api/v1/auth/session.
//
//   const session = useSession()        // reactive: { loaded, user }
//   await loadSession()                 // once per page load
//   const user = await signIn({...})    // POST auth/login
//   await chooseRole(role)              // POST auth/role
//   await signOut()                     // POST auth/logout
//
// `user` is the session answer of the API ({ signed_in: true, name,
// user_type, csrf, roles, role }) or null when nobody is signed in (the API
// answers {"signed_in": false}).
import { reactive, readonly } from 'vue'
import * as auth from './api/auth.js'

/** The login types of the manual, in its order (value → label). */
export const USER_TYPES = Object.freeze([
  { value: 'personnel', label: '专业技术人员' },
  { value: 'unit', label: '用人单位' },
  { value: 'dept', label: '主管部门' },
  { value: 'hrb', label: '人社部门' },
  { value: 'base', label: '继续教育基地' },
])

export const ORG_KIND_LABELS = Object.freeze({
  hrb_city: '市人社部门',
  hrb_district: '区(县)人社部门',
  dept: '主管部门',
  unit: '用人单位',
  base: '继续教育基地',
})

/** What a role is called where a person picks or sees it. */
export function roleLabel(role) {
  if (!role) return ''
  if (role.kind === 'personnel') return `专业技术人员 · ${role.org_name}`
  const kind = ORG_KIND_LABELS[role.org_kind] || '单位'
  return `${kind}${role.is_super ? '超级管理员' : '管理员'} · ${role.org_name}`
}

/** The home page of a role on the main portal. */
export function roleHome(role) {
  if (!role) return '/'
  return role.kind === 'admin' ? '/admin' : '/personnel'
}

const state = reactive({ loaded: false, user: null })

function setUser(user) {
  state.user = user && typeof user === 'object' ? user : null
  state.loaded = true
  return state.user
}

let pending = null

/**
 * Loads the session once per page (force: again). Never throws for "not
 * signed in" (user stays null); other failures are thrown.
 */
export function loadSession({ force = false } = {}) {
  if (!pending || force) {
    pending = auth
      .session()
      // {"signed_in": false}: nobody is signed in.
      .then((answer) => setUser(answer && answer.signed_in !== false ? answer : null))
      .catch((err) => {
        if (err.status === 401) return setUser(null)
        pending = null
        state.loaded = true
        throw err
      })
  }
  return pending
}

export function useSession() {
  return readonly(state)
}

/** Signs in; returns the session answer. Errors are thrown as ApiError. */
export async function signIn(form) {
  const user = await auth.login(form)
  pending = Promise.resolve(user)
  return setUser(user)
}

/** Acts in another of the session's roles; returns the session answer. */
export async function chooseRole(role) {
  const user = await auth.chooseRole(role.kind, role.org_id)
  pending = Promise.resolve(user)
  return setUser(user)
}

/** Signs out everywhere (all three portals). */
export async function signOut() {
  try {
    await auth.logout()
  } catch (err) {
    // Already signed out (say, in another portal): nothing left to end.
    if (err.status !== 401) throw err
  }
  pending = Promise.resolve(null)
  setUser(null)
}

/**
 * After sign-in: the role to act in when the session has none yet and only
 * one is offered (null when the person must choose, or a role is set).
 */
export function soleRole(user) {
  if (!user || user.role || !Array.isArray(user.roles)) return null
  return user.roles.length === 1 ? user.roles[0] : null
}

/** True when the session waits for the person to pick one of several roles. */
export function needsRoleChoice(user) {
  return !!user && !user.role && Array.isArray(user.roles) && user.roles.length > 1
}
