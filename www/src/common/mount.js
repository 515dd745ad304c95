// Starts one page: shared styles, error reporting, site information.
import { createApp } from 'vue'
import { installErrorReporting } from './errorReport.js'
import { loadSite } from './site.js'
import './base.css'

export function mountPage(App, selector = '#app') {
  const app = createApp(App)
  installErrorReporting(app)
  loadSite()
  app.mount(selector)
  return app
}
