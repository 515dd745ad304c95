// Hours (学时): study forms and yearly rules, declarations, the person's
// years, records and certificates, and the admins' hours query, entries and
// certificate search. Each function returns the answer's JSON and throws
// ApiError.
import { API_BASE, api } from '../../api.js'

const seg = (v) => encodeURIComponent(v)

// ---- study forms and rules ----

/** {types, forms} (all: with the inactive forms). */
export const forms = ({ all = false } = {}) => api.get('hours/forms', { query: all ? { all: 1 } : undefined })

/** 学习形式管理 (the city bureau) → 204. */
export const saveForm = (code, body) => api.put(`hours/forms/${seg(code)}`, body)

/** {year, total_min, professional_min, public_min}. */
export const rule = (year) => api.get(`hours/rules/${seg(year)}`)

/** 学时规则 (the city bureau) → 204. */
export const saveRule = (year, body) => api.put(`hours/rules/${seg(year)}`, body)

// ---- the person's declarations, years and certificates ----

/** The hours a declaration would give: {hours}. */
export const previewDeclaration = (body) => api.post('me/declarations/preview', body)

/** 学时申报 → 201 {id, message}. */
export const declare = (body) => api.post('me/declarations', body)

/** 进度查询: every declaration of the person. */
export const myDeclarations = () => api.get('me/declarations')

/** One declaration with its data, attachments and history. */
export const myDeclaration = (id) => api.get(`me/declarations/${seg(id)}`)

/** 年度完成情况: [{year, public, professional, total, complete, rule, missing}]. */
export const myYears = () => api.get('me/years')

/** 继续教育明细 of a year. */
export const myRecords = (year) => api.get(`me/years/${seg(year)}/records`)

/** The person's certificates. */
export const myCertificates = () => api.get('me/certificates')

/** 打印结业证书 / 打印登记结果 {kind: completion|register, year} → 201 {number}. */
export const issueCertificate = (kind, year) => api.post('me/certificates', { kind, year })

/** The address of a certificate's PDF (its holder only). */
export const certificatePdfUrl = (number) => `${API_BASE}certificates/${seg(number)}/pdf`

/** A certificate's PDF as bytes (ArrayBuffer). */
export const certificatePdf = (number) =>
  api.get(`certificates/${seg(number)}/pdf`, { binary: true, headers: { Accept: 'application/pdf' } })

/** 证书查询验证 (public): {number, status: valid|revoked|unknown, …}. */
export const verifyCertificate = (number) => api.get(`certificates/${seg(number)}`)

// ---- admins ----

/** 继续教育学时查询: {total, year, items} (query year, region, org_id, name, id_number, page, size). */
export const hoursQuery = (query) => api.get('hours/query', { query })

/** 学时录入 {person_id, year, category, study_form, title, hours} → 204. */
export const addHours = (body) => api.post('hours', body)

/** 电子证书查询验证 (HR bureaus): the certificates of {id_number, name}. */
export const searchCertificates = (query) => api.get('certificates', { query })

/** 撤销 a certificate with a reason → 204. */
export const revokeCertificate = (number, reason) => api.post(`certificates/${seg(number)}/revoke`, { reason })

/** 同意重新打印: the bureau consents to issuing a revoked certificate's content again, with a note → 204. */
export const reissueCertificate = (number, note) => api.post(`certificates/${seg(number)}/reissue`, { note })
