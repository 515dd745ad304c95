// Proof files (证明附件): POST /api/v1/attachments (multipart, field
// "file"; PDF, PNG or JPEG by content, at most 5 MB) → {id, name, mime,
// size}; GET /api/v1/attachments/:id serves the file to its owner and to
// the admins who review what it is attached to.
//
//   const file = await uploadProof(input.files[0])   // throws ApiError
//   <a :href="proofUrl(file.id)" target="_blank">…</a>
import { attachmentUrl, upload } from './api/attachments.js'

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
export const proofUrl = attachmentUrl

/** 1.2 MB, 35 KB, 300 B. */
export function fileSize(bytes) {
  const n = Number(bytes) || 0
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`
  if (n >= 1024) return `${Math.max(1, Math.round(n / 1024))} KB`
  return `${n} B`
}

/** Whether a stored file is a picture (else a PDF). */
export const isImage = (mime) => /^image\//.test(mime || '')

/** Uploads one proof file; returns {id, name, mime, size}; throws ApiError. */
export const uploadProof = upload
