// Starts one page: shared styles, error reporting, site information.
// `plugins` are installed before mounting (the main portal's router).
import { createApp } from 'vue'
import { installErrorReporting } from './errorReport.js'
import { loadSite } from './site.js'
import './base.css'

export function mountPage(App, { selector = '#app', plugins = [] } = {}) {
  const app = createApp(App)
  installErrorReporting(app)
  for (const plugin of plugins) app.use(plugin)
  loadSite()
  app.mount(selector)
  return app
}
