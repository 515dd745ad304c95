// Sign-in and the session, shared by the three portals (one sign-in serves
// all of them): GET /api/v1/auth/session, POST auth/login, auth/role,
// auth/logout, the captcha and the password functions. Each function
// returns the answer's JSON and throws ApiError (src/api.js).
import { api } from '../../api.js'

/** The session answer, or ApiError 401 not_signed_in. */
export const session = () => api.get('auth/session')

/** {user_type, id_type, id_number, password, captcha_id, captcha} → the session answer. */
export const login = (form) => api.post('auth/login', form)

/** Acts in one of the session's roles → the session answer. */
export const chooseRole = (kind, orgId) => api.post('auth/role', { kind, org_id: orgId })

export const logout = () => api.post('auth/logout')

/** A new captcha: {id, image}. */
export const captcha = () => api.get('captcha')

/** 忘记登录密码: {id_type, id_number, email, captcha_id, captcha} → {message}. */
export const forgotPassword = (form) => api.post('auth/forgot', form)

/** The mailed link's {token, password, password2} → 204. */
export const resetPassword = (form) => api.post('auth/reset', form)

/** 修改密码: {old_password, password, password2} → 204. */
export const changePassword = (form) => api.post('auth/password', form)
