// The server's own description of a form, GET /api/v1/forms/:name
// ({ name, fields: [{ name, label, type, required, maxlen?, min?, max?,
// dict?, choices? }] }), so that a page limits each field exactly as the
// server checks it. Fetched once per page load.
//
//   const limits = useFormLimits('personnel-registration')
//   <el-input v-model="form.name" :maxlength="limits.name" />
//
// Until the answer arrives (or when it fails) a limit is undefined, so the
// input is not limited and the server's field error still tells the person.
import { reactive } from 'vue'
import { form } from './api/forms.js'

const cache = new Map()

/** The fields of a form by name: { <field>: { label, type, maxlen, … } }. */
export function loadForm(name) {
  if (!cache.has(name)) {
    const p = form(name).then((answer) =>
      Object.fromEntries((answer?.fields ?? []).map((f) => [f.name, f])))
    p.catch(() => cache.delete(name))
    cache.set(name, p)
  }
  return cache.get(name)
}

/** A reactive { <field>: maxlen } of the form, filled when it loads. */
export function useFormLimits(name) {
  const limits = reactive({})
  loadForm(name).then((fields) => {
    for (const [field, f] of Object.entries(fields)) if (f.maxlen) limits[field] = f.maxlen
  }).catch(() => {})
  return limits
}
