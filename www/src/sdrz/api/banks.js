// Question banks (题库, module courses): banks, their questions (checked by
// kind on the server: options, answer indexes), retiring one (deleted
// while no published class draws from the bank, else made inactive), the
// spreadsheet template and the import (400 import_invalid with
// err.data.error.errors: [{row, column, cell, message}], nothing
// imported). Each function returns the answer's JSON and throws ApiError.
import { api } from '../../api.js'

const seg = (v) => encodeURIComponent(v)

/** Banks {items, total, page, size}; query: name, page, size. */
export const banks = (query) => api.get('banks', { query })

/** 新建题库 {name} → 201 {id}. */
export const createBank = (body) => api.post('banks', body)

/** One bank {id, name, questions, active, in_use, writable, tags}. */
export const bank = (id) => api.get(`banks/${seg(id)}`)

/** Renames a bank {name} → null. */
export const renameBank = (id, body) => api.put(`banks/${seg(id)}`, body)

/** Questions {items, total, page, size, next}; query: tag, kind, active, q, page, size, after. */
export const questions = (bankId, query) => api.get(`banks/${seg(bankId)}/questions`, { query })

/** Adds a question {kind, stem, options, answer, explanation, tags} → 201 {id}. */
export const addQuestion = (bankId, body) => api.post(`banks/${seg(bankId)}/questions`, body)

/** Edits a question (the same body, and active) → null. */
export const editQuestion = (id, body) => api.put(`questions/${seg(id)}`, body)

/** 删除/停用 → {deleted, message}. */
export const removeQuestion = (id) => api.delete(`questions/${seg(id)}`)

/** The import template (.xlsx) as bytes (ArrayBuffer). */
export const template = () =>
  api.get('banks/template.xlsx', { binary: true, headers: { Accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } })

/** Imports an .xlsx File into the bank → {imported}. */
export function importQuestions(bankId, file) {
  const form = new FormData()
  form.append('file', file, file.name)
  return api.post(`banks/${seg(bankId)}/import`, form)
}
