// What the 公需科目管理 pages share: the words of a class's state, of a
// question's kind and state, option letters, and the answers as letters.

export const CLASS_STATUS = Object.freeze({
  draft: { label: '未发布', type: 'info' },
  published: { label: '已发布', type: 'success' },
  closed: { label: '已结束报名', type: 'warning' },
})

export const CATEGORY_LABELS = Object.freeze({ public: '公需科目', professional: '专业科目' })

export const LEARNER_STATUS = Object.freeze({
  active: { label: '学习中', type: 'primary' },
  completed: { label: '已结业', type: 'success' },
})

export const QUESTION_KINDS = Object.freeze({
  single: '单选题',
  multiple: '多选题',
  judge: '判断题',
})

/** A, B, … for option indexes 0, 1, …. */
export const letter = (i) => String.fromCharCode(65 + Number(i))

/** A question's answer as the letters a person reads (judge: 正确/错误). */
export function answerText(q) {
  const a = Array.isArray(q?.answer) ? q.answer : []
  if (q?.kind === 'judge') return a.map((i) => q.options?.[i] ?? '').join('')
  return a.map(letter).join('')
}

/** 12.5 → "12.5", 12 → "12". */
export const fmtHours = (h) => (h === null || h === undefined ? '' : String(Number(h)))

/** Years a class may be made for: next year, this one and the past five. */
export function classYears(now = new Date().getFullYear()) {
  return Array.from({ length: 7 }, (_, i) => now + 1 - i)
}
