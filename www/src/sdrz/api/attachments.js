// Proof files (证明附件): POST /api/v1/attachments (multipart, field "file";
// PDF, PNG or JPEG by content, at most 5 MB) → {id, name, mime, size};
// GET /api/v1/attachments/:id serves the file to its owner and to the admins
// who review what it is attached to.
import { ApiError, API_BASE, api } from '../../api.js'

/** Uploads one file; returns {id, name, mime, size}; throws ApiError. */
export async function upload(file) {
  const body = new FormData()
  body.append('file', file, file.name)
  try {
    return await api.post('attachments', body)
  } catch (err) {
    // nginx refused the body before the portal saw it.
    if (err instanceof ApiError && err.status === 413 && err.code === 'http_413') {
      throw new ApiError('文件太大,请压缩后再上传', { status: 413, code: 'payload_too_large', data: err.data })
    }
    throw err
  }
}

/** The address of a stored file (opened in a new tab). */
export const attachmentUrl = (id) => `${API_BASE}attachments/${encodeURIComponent(id)}`
