// Reports script errors to the portal's log (POST /api/v1/client-errors) and
// still prints them on the console. At most a few reports per page load, so
// a failing loop cannot flood the server.
import { reportClientError } from './api/site.js'

const MAX_REPORTS = 5
let sent = 0

function report(error, where) {
  const err = error instanceof Error ? error : new Error(String(error))
  console.error(`[${where}]`, err)
  if (sent >= MAX_REPORTS) return
  sent += 1
  reportClientError({
    message: `${where}: ${err.message}`.slice(0, 1000),
    url: window.location.href,
    stack: String(err.stack || '').slice(0, 4000),
  }).catch(() => {})
}

/** Installs the handlers on a Vue app and on the window. */
export function installErrorReporting(app) {
  app.config.errorHandler = (err, _instance, info) => report(err, `vue ${info}`)
  window.addEventListener('error', (event) => {
    if (event.error) report(event.error, 'window')
  })
  window.addEventListener('unhandledrejection', (event) => {
    report(event.reason, 'promise')
  })
}
