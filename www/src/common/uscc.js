// Unified social credit codes (统一社会信用代码, GB 32100-2015): 18
// characters of 0-9 and A-Z without I, O, S, V, Z; the last is a check
// character. The pages check it only as a convenience (pointing at typos);
// the server decides.

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The check character of the first 17 characters. */
export function usccCheckChar(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CHARS.indexOf(first17[i]) * WEIGHTS[i]
  return CHARS[(31 - (sum % 31)) % 31]
}

/** { ok, error (Chinese) } for a code (upper case expected). */
export function checkUscc(value) {
  const v = String(value || '').trim().toUpperCase()
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v)) {
    return { ok: false, error: '统一社会信用代码应为18位数字或大写字母(不含I、O、S、V、Z)' }
  }
  if (usccCheckChar(v) !== v[17]) {
    return { ok: false, error: '统一社会信用代码校验码不正确,请核对' }
  }
  return { ok: true, error: '' }
}
