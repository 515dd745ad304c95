// Proof files (证明附件): POST /api/v1/attachments (multipart, field
// "file"; PDF, PNG or JPEG by content, at most 5 MB) → {id, name, mime,
// size}; GET /api/v1/attachments/:id serves the file to its owner and to
// the admins who review what it is attached to.
//
//   const file = await uploadProof(input.files[0])   // throws ApiError
//   <a :href="proofUrl(file.id)" target="_blank">…</a>
import { API_BASE, ApiError, getCsrfToken, request } from '../api.js'

export const PROOF_MAX_BYTES = 5 * 1024 * 1024
export const PROOF_MAX_COUNT = 5
export const PROOF_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png'
export const PROOF_HINT = '支持 PDF、JPG、PNG 格式,每个文件不超过 5 MB,最多 5 个'

const TYPES = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' }

/** Why `file` (a File) cannot be a proof, or '' (the server checks the content). */
export function proofProblem(file) {
  const ext = String(file?.name || '').split('.').pop().toLowerCase()
  const typeOk = Object.values(TYPES).includes(file?.type)
  if (!TYPES[ext] && !typeOk) return `“${file?.name || ''}”不是 PDF、JPG 或 PNG 文件`
  if (!file.size) return `“${file.name}”是空文件`
  if (file.size > PROOF_MAX_BYTES) return `“${file.name}”超过 5 MB,请压缩后再上传`
  return ''
}

/** The address of a stored proof file. */
export const proofUrl = (id) => `${API_BASE}attachments/${encodeURIComponent(id)}`

/** 1.2 MB, 35 KB, 300 B. */
export function fileSize(bytes) {
  const n = Number(bytes) || 0
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`
  if (n >= 1024) return `${Math.max(1, Math.round(n / 1024))} KB`
  return `${n} B`
}

/** Whether a stored file is a picture (else a PDF). */
export const isImage = (mime) => /^image\//.test(mime || '')

async function send(file) {
  const body = new FormData()
  body.append('file', file, file.name)
  const headers = { Accept: 'application/json' }
  const csrf = getCsrfToken()
  if (csrf) headers['X-CSRF-Token'] = csrf
  let response
  try {
    response = await fetch(`${API_BASE}attachments`, { method: 'POST', credentials: 'same-origin', headers, body })
  } catch {
    throw new ApiError('网络连接失败,请检查网络后重试', { status: 0, code: 'network_error' })
  }
  let data = null
  try {
    data = await response.json()
  } catch {
    data = null
  }
  if (!response.ok) {
    const error = data && data.error
    const message =
      (error && error.message) || (response.status === 413 ? '文件太大,请压缩后再上传' : `上传失败(${response.status})`)
    throw new ApiError(message, { status: response.status, code: (error && error.code) || `http_${response.status}`, data })
  }
  return data
}

/** Uploads one proof file; returns {id, name, mime, size}. */
export async function uploadProof(file) {
  try {
    return await send(file)
  } catch (err) {
    // The session's token changed (signed in again elsewhere): fetch the
    // current one and try once more.
    if (err.status === 403 && err.code === 'csrf_invalid') {
      await request('GET', 'auth/session')
      return send(file)
    }
    throw err
  }
}
