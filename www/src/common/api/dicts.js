// Reference dictionaries: GET /api/v1/dicts/:name[?parent=][&q=][&limit=]
// → {dict, items: [{code, name, parent, parent_name, level, attr}], truncated}.
import { api } from '../../api.js'

/** One dictionary's items (query: parent, q, limit, attr). */
export const dict = (name, query) => api.get(`dicts/${encodeURIComponent(name)}`, { query })

/** One item of a dictionary with the path of its ancestors. */
export const dictItem = (name, code) => api.get(`dicts/${encodeURIComponent(name)}/${encodeURIComponent(code)}`)
