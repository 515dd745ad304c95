// The server's description of a form: GET /api/v1/forms/:name
// → {name, fields: [{name, label, type, required, maxlen?, min?, max?, dict?, choices?}]}.
import { api } from '../../api.js'

export const form = (name) => api.get(`forms/${encodeURIComponent(name)}`)
