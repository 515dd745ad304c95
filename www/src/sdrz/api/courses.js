// 公需科目管理 (module courses): classes (培训班) with their versions,
// courses (课程) and sections (小节), publishing and closing, and the
// learners of a class. A published version never changes: the first edit
// makes a draft (classDraft, or any edit of the class), whose courses and
// sections the pages then address. Each function returns the answer's JSON
// and throws ApiError (publish: 422 class_incomplete with
// err.data.error.missing, the Chinese list of what is missing).
import { api } from '../../api.js'

const seg = (v) => encodeURIComponent(v)

/** Classes {items, total, page, size}; query: category, year, status, name, page, size. */
export const classes = (query) => api.get('courses/classes', { query })

/** 新建培训班 {category, year, name, intro, hours} → 201 {id}. */
export const createClass = (body) => api.post('courses/classes', body)

/** A class with the version being edited: {id, status, …, writable, editing: {version_no, published, courses: [{sections}]}}. */
export const classDetail = (id) => api.get(`courses/classes/${seg(id)}`)

/** Edits name, intro, hours (of the draft, made first when published) → the detail. */
export const editClass = (id, body) => api.put(`courses/classes/${seg(id)}`, body)

/** Makes the draft of a published class → the detail. */
export const classDraft = (id) => api.post(`courses/classes/${seg(id)}/draft`, {})

/** 发布 → the detail; 422 class_incomplete. */
export const publishClass = (id) => api.post(`courses/classes/${seg(id)}/publish`, {})

/** 结束报名 → the detail. */
export const closeClass = (id) => api.post(`courses/classes/${seg(id)}/close`, {})

/** Adds a course {name, teacher, intro, hours} → 201 {id}. */
export const addCourse = (classId, body) => api.post(`courses/classes/${seg(classId)}/courses`, body)

/** Edits a draft course → null. */
export const editCourse = (id, body) => api.put(`courses/courses/${seg(id)}`, body)

/** Removes a draft course with its sections → null. */
export const removeCourse = (id) => api.delete(`courses/courses/${seg(id)}`)

/** Moves a draft course to a 1-based position → null. */
export const moveCourse = (id, position) => api.post(`courses/courses/${seg(id)}/move`, { position })

/** Adds a section {name, video_id, bank_id, bank_tag, exam_questions, pass_score, exam_minutes} → 201 {id}. */
export const addSection = (courseId, body) => api.post(`courses/courses/${seg(courseId)}/sections`, body)

/** Edits a draft section (every field) → null. */
export const editSection = (id, body) => api.put(`courses/sections/${seg(id)}`, body)

/** Removes a draft section → null. */
export const removeSection = (id) => api.delete(`courses/sections/${seg(id)}`)

/** Moves a draft section to a 1-based position in its course → null. */
export const moveSection = (id, position) => api.post(`courses/sections/${seg(id)}/move`, { position })

/** The learners {items, total, page, size, next}; query: status, name, page, size, after. */
export const learners = (classId, query) => api.get(`courses/classes/${seg(classId)}/learners`, { query })
