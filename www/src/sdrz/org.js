// The organisation the session acts for (GET /api/v1/org): its fields, its
// admins, the permission modules the signed-in admin holds and whether a
// change of it waits for review. Read again on every admin page (modules and
// roles change while one works), shared by the router's check and the page.
import { reactive, readonly } from 'vue'
import { org as fetchOrg } from './api/orgs.js'

const state = reactive({ org: null, error: null })

let pending = null

/** Loads the organisation (again when `force`); throws ApiError. */
export function loadOrg({ force = false } = {}) {
  if (!pending || force) {
    const p = fetchOrg().then(
      (org) => {
        if (p === pending) Object.assign(state, { org, error: null })
        return org
      },
      (err) => {
        if (p === pending) Object.assign(state, { org: null, error: err })
        throw err
      },
    )
    pending = p
  }
  return pending
}

/** Forgets the organisation (another role, signed out). */
export function forgetOrg() {
  pending = null
  Object.assign(state, { org: null, error: null })
}

export function useOrg() {
  return readonly(state)
}
