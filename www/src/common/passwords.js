// The password rule of the platform (the server checks it again).
export const PASSWORD_HINT = '密码至少8位,须同时包含字母和数字。'

/** Element Plus rules for { password, password2 } of a form object. */
export function passwordRules(form, { confirm = true } = {}) {
  const rules = {
    password: [
      { required: true, message: '请输入密码', trigger: 'blur' },
      {
        validator: (_rule, value, callback) => {
          const v = String(value || '')
          if (v.length < 8 || !/[A-Za-z]/.test(v) || !/\d/.test(v)) callback(new Error(PASSWORD_HINT))
          else callback()
        },
        trigger: 'blur',
      },
    ],
  }
  if (confirm) {
    rules.password2 = [
      { required: true, message: '请再次输入密码', trigger: 'blur' },
      {
        validator: (_rule, value, callback) => {
          if (value !== form.password) callback(new Error('两次输入的密码不一致'))
          else callback()
        },
        trigger: 'blur',
      },
    ]
  }
  return rules
}
