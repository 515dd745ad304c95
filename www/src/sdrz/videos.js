// What the video pages share: the states of a video (the API's status) with
// their words and tag types, and how sizes and durations read.

export const VIDEO_STATUS = Object.freeze({
  uploading: { label: '上传中', type: 'warning' },
  queued: { label: '等待转码', type: 'info' },
  processing: { label: '转码中', type: 'primary' },
  ready: { label: '已就绪', type: 'success' },
  failed: { label: '失败', type: 'danger' },
})

/** The states the job has not finished with yet. */
export const isWorking = (status) => status === 'queued' || status === 'processing'

/** 1.5 MB, 812 KB, 2.0 GB. */
export function fileSize(bytes) {
  const n = Number(bytes) || 0
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`
  if (n >= 1024) return `${Math.round(n / 1024)} KB`
  return `${n} B`
}

/** 1:02:03 or 12:05 from milliseconds; '' when unknown. */
export function duration(ms) {
  if (ms === null || ms === undefined) return ''
  const s = Math.round(Number(ms) / 1000)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const pad = (v) => String(v).padStart(2, '0')
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`
}

/** A percentage of received bytes, 0–100, whole. */
export const percent = (received, size) => (size > 0 ? Math.min(100, Math.floor((received * 100) / size)) : 0)
