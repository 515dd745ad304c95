// The portal's description and its error reports: GET /api/v1/site,
// POST /api/v1/client-errors.
import { api } from '../../api.js'

/** {name, organiser, city, portal, portals}. */
export const site = () => api.get('site')

/** A script error of the page ({message, url, stack}) for the portal's log → 204. */
export const reportClientError = (report) => api.post('client-errors', report)
