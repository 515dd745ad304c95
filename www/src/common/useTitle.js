import { watchEffect } from 'vue'

/** Keeps document.title in step with a getter. */
export function useTitle(getter) {
  watchEffect(() => {
    const title = getter()
    if (title) document.title = title
  })
}
