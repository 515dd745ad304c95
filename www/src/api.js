// Small client for the platform's JSON API under /api/v1/ (same origin).
// Only the API modules call it (common/api/*.js, sdrz/api/*.js: one
// function per endpoint); pages and components call those.
//
//   import { api } from '@/api.js'
//   const site = await api.get('site')
//   await api.post('client-errors', { message, url, stack })
//
// Failures are thrown as ApiError with `status` (HTTP status, 0 when the
// network failed), `code` (the API's error code, e.g. "not_found"), a
// `message` that can be shown to a person (Chinese, from the server when it
// sent one) and `fields` (the server's per-field messages, or {}).
//
// CSRF: the answer of sign-in, GET auth/session and POST auth/role carries
// the session's `csrf` value (GET auth/session answers {"signed_in": false}
// when nobody is signed in); the client keeps it and sends it as
// X-CSRF-Token on every POST, PUT, PATCH and DELETE. A request refused with
// 403 csrf_invalid (the session changed in another tab or portal) fetches
// the session once and is sent again.

export const API_BASE = '/api/v1/'

export class ApiError extends Error {
  constructor(message, { status = 0, code = 'unknown', data = null } = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.data = data
    const fields = data && data.error && data.error.fields
    this.fields = fields && typeof fields === 'object' ? { ...fields } : {}
  }
}

// The CSRF token of the current session ('' when signed out).
let csrfToken = ''

/** Sets the CSRF token sent with state-changing requests ('' clears it). */
export function setCsrfToken(token) {
  csrfToken = typeof token === 'string' ? token : ''
}

export function getCsrfToken() {
  return csrfToken
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

// Answers that carry the session (and so its csrf value).
const SESSION_PATHS = new Set(['auth/login', 'auth/session', 'auth/role'])

function normalPath(path) {
  return String(path).replace(/^\/+/, '').replace(/[?#].*$/, '')
}

function buildUrl(path, query) {
  const url = API_BASE + String(path).replace(/^\/+/, '')
  if (!query) return url
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params.append(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${url}?${qs}` : url
}

function fallbackMessage(status) {
  if (status === 0) return '网络连接失败，请检查网络后重试'
  if (status === 401) return '请先登录'
  if (status === 403) return '没有权限进行此操作'
  if (status === 404) return '请求的内容不存在'
  if (status >= 500) return '服务器暂时无法处理请求，请稍后再试'
  return `请求失败（${status}）`
}

/**
 * Sends one request. `body` (any JSON value) is sent as JSON, a FormData as
 * multipart/form-data, a Blob (a slice of a chosen file) or an ArrayBuffer
 * as its raw bytes (application/octet-stream: a video's chunk); the answer
 * is parsed as JSON (null for 204 or an empty body), or, with
 * `binary: true`, returned as an ArrayBuffer.
 */
export async function request(method, path, options = {}) {
  try {
    return await send(method, path, options)
  } catch (err) {
    // The session's token changed (signed in again elsewhere): fetch the
    // current one and try once more.
    if (
      err instanceof ApiError &&
      err.status === 403 &&
      err.code === 'csrf_invalid' &&
      !options.csrfRetried &&
      UNSAFE.has(method)
    ) {
      try {
        await send('GET', 'auth/session', {})
      } catch {
        throw err
      }
      return send(method, path, { ...options, csrfRetried: true })
    }
    throw err
  }
}

async function send(method, path, { body, query, headers, signal, binary = false } = {}) {
  const init = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...headers },
    signal,
  }
  if (UNSAFE.has(method) && csrfToken) init.headers['X-CSRF-Token'] = csrfToken
  if (body instanceof FormData) {
    // The browser writes the multipart boundary into Content-Type.
    init.body = body
  } else if (body instanceof Blob || body instanceof ArrayBuffer) {
    init.headers['Content-Type'] = 'application/octet-stream'
    init.body = body
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }

  let response
  try {
    response = await fetch(buildUrl(path, query), init)
  } catch (err) {
    if (err && err.name === 'AbortError') throw err
    throw new ApiError(fallbackMessage(0), { status: 0, code: 'network_error' })
  }

  // Read as bytes (a blob straight from the response would bypass the
  // browser's network record that developer tools and tests read).
  if (binary && response.ok) return response.arrayBuffer()

  const text = response.status === 204 ? '' : await response.text()
  let data = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }

  const key = normalPath(path)
  if (!response.ok) {
    // A signed-out session has no token any more.
    if (response.status === 401 && key === 'auth/session') setCsrfToken('')
    const error = data && typeof data === 'object' ? data.error : null
    throw new ApiError(
      (error && error.message) || fallbackMessage(response.status),
      {
        status: response.status,
        code: (error && error.code) || `http_${response.status}`,
        data,
      },
    )
  }
  if (text && data === null) {
    throw new ApiError('服务器返回了无法识别的数据', {
      status: response.status,
      code: 'bad_response',
    })
  }
  if (SESSION_PATHS.has(key) && data && typeof data.csrf === 'string') setCsrfToken(data.csrf)
  // Nobody signed in: GET auth/session answers 200 {"signed_in": false}.
  if (key === 'auth/session' && data && data.signed_in === false) setCsrfToken('')
  if (key === 'auth/logout') setCsrfToken('')
  return data
}

export const api = {
  request,
  get: (path, options) => request('GET', path, options),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  put: (path, body, options) => request('PUT', path, { ...options, body }),
  patch: (path, body, options) => request('PATCH', path, { ...options, body }),
  delete: (path, options) => request('DELETE', path, options),
}

export default api
