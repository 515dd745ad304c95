// Small client for the platform's JSON API under /api/v1/ (same origin).
//
//   import { api } from '@/api.js'
//   const site = await api.get('site')
//   await api.post('client-errors', { message, url, stack })
//
// Failures are thrown as ApiError with `status` (HTTP status, 0 when the
// network failed), `code` (the API's error code, e.g. "not_found") and a
// `message` that can be shown to a person (Chinese, from the server when it
// sent one).

export const API_BASE = '/api/v1/'

export class ApiError extends Error {
  constructor(message, { status = 0, code = 'unknown', data = null } = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.data = data
  }
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
 * Sends one request. `body` (any JSON value) is sent as JSON; the answer is
 * parsed as JSON (null for 204 or an empty body).
 */
export async function request(method, path, { body, query, headers, signal } = {}) {
  const init = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...headers },
    signal,
  }
  if (body !== undefined) {
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

  const text = response.status === 204 ? '' : await response.text()
  let data = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }

  if (!response.ok) {
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
