// Videos (课程视频, module courses): the chunked, resumable upload of an MP4
// (POST /api/v1/videos {name, size} → {id, chunk_size, received}; each chunk
// PUT /api/v1/videos/:id/data?offset=N as raw bytes, 409 offset_mismatch
// with error.received when the offset is not what the server has), the
// organisation's videos and their transcoding state, deleting one, and the
// address of a ready video's HLS playlist. Each function returns the
// answer's JSON and throws ApiError.
import { API_BASE, api } from '../../api.js'

const seg = (v) => encodeURIComponent(v)

/** The organisation's videos {items, total, page, size}; query: status, name, page, size. */
export const list = (query) => api.get('videos', { query })

/** One video: {id, name, size, received, chunk_size, status, duration_ms, width, height, renditions, error, master, …}. */
export const get = (id) => api.get(`videos/${seg(id)}`)

/** Starts an upload → {id, chunk_size, received}. */
export const create = ({ name, size }) => api.post('videos', { name, size })

/** One chunk (a Blob) at offset → {id, received, size, status}. */
export const putChunk = (id, offset, chunk, { signal } = {}) =>
  api.put(`videos/${seg(id)}/data`, chunk, { query: { offset }, signal })

/** Deletes a video (409 video_in_use while a section uses it) → null. */
export const remove = (id) => api.delete(`videos/${seg(id)}`)

/** The HLS master playlist of a ready video (for an HLS player). */
export const masterUrl = (id) => `${API_BASE}media/videos/${seg(id)}/master.m3u8`
