// Mainland resident ID numbers (GB 11643): 6-digit region, 8-digit birth
// date, 3-digit sequence (odd: male), check digit. The pages use this only
// as a convenience (filling birth date and gender, pointing at typos); the
// server decides.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** The check digit of the first 17 digits. */
export function checkDigit(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

/**
 * Parses an 18-character number; returns { birthDate: 'YYYY-MM-DD',
 * gender: '1' | '2' } or null (with `error` set on the result of
 * checkResidentId).
 */
export function parseResidentId(value) {
  const r = checkResidentId(value)
  return r.ok ? { birthDate: r.birthDate, gender: r.gender } : null
}

/** { ok, error (Chinese), birthDate, gender } for a resident ID number. */
export function checkResidentId(value) {
  const v = String(value || '').trim().toUpperCase()
  if (!/^\d{17}[\dX]$/.test(v)) {
    return { ok: false, error: '居民身份证号应为18位,末位可为数字或大写字母X' }
  }
  const y = Number(v.slice(6, 10))
  const m = Number(v.slice(10, 12))
  const d = Number(v.slice(12, 14))
  const date = new Date(Date.UTC(y, m - 1, d))
  const today = new Date()
  if (
    y < 1900 ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d ||
    date > today
  ) {
    return { ok: false, error: '身份证号中的出生日期不正确' }
  }
  if (checkDigit(v) !== v[17]) {
    return { ok: false, error: '身份证号校验位不正确,请核对' }
  }
  return {
    ok: true,
    error: '',
    birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`,
    gender: Number(v[16]) % 2 === 1 ? '1' : '2',
  }
}
