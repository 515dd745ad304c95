// Server-side field errors beside the form fields.
//
//   const errors = useFieldErrors()
//   <el-form-item :error="errors.fields.email"> ...
//   try { ... } catch (err) { errors.take(err) }   // error.fields → fields,
//                                                  // the rest → errors.message
import { reactive } from 'vue'

export function useFieldErrors(aliases = {}) {
  const state = reactive({
    fields: {},
    message: '',
    code: '',
    clear() {
      state.fields = {}
      state.message = ''
      state.code = ''
    },
    /** Clears one field's error (when the person edits it). */
    clearField(name) {
      if (state.fields[name]) delete state.fields[name]
    },
    /**
     * Takes an ApiError: its per-field messages go next to the fields
     * (`aliases` maps an API field to a form field, e.g. captcha_id →
     * captcha); its message is kept for an alert above the form.
     */
    take(err) {
      const fields = {}
      for (const [key, msg] of Object.entries((err && err.fields) || {})) {
        const target = aliases[key] || key
        if (!fields[target]) fields[target] = String(msg)
      }
      state.fields = fields
      state.code = (err && err.code) || ''
      state.message = (err && err.message) || '操作失败,请稍后再试'
    },
  })
  return state
}
