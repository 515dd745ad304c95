// The names and portal addresses every page shows. They come from
// GET /api/v1/site so that any city can run the platform; DEFAULT_SITE is the
// one place with the values used until that answer arrives, or when it fails.
import { reactive, readonly } from 'vue'
import { site } from './api/site.js'

export const DEFAULT_SITE = Object.freeze({
  name: '日照市专业技术人员继续教育公共服务平台',
  organiser: '日照市人力资源和社会保障局',
  city: '日照市',
  portal: '',
  // Without the API, each portal's built page is reached by its file path on
  // the host that serves this page (every host serves all of www/dist).
  portals: Object.freeze({
    sdrz: Object.freeze({ name: '日照市专业技术人员继续教育公共服务平台', url: '/sdrz/index.html' }),
    gxk: Object.freeze({ name: '公需科目网络学习平台', url: '/gxk/index.html' }),
    zyk: Object.freeze({ name: '专业科目网络培训平台', url: '/zyk/index.html' }),
  }),
})

// Link texts of the main portal, worded as the operations manual tells
// personnel to click them.
export const ENTRY_LABELS = Object.freeze({
  menu: Object.freeze({ gxk: '公需科目网络学习平台', zyk: '专业科目培训平台' }),
  footer: Object.freeze({ gxk: '公需科目网络培训平台', zyk: '专业科目网络培训平台' }),
})

function text(value, fallback) {
  return typeof value === 'string' && value.trim() ? value.trim() : fallback
}

function mergePortal(key, value) {
  const fallback = DEFAULT_SITE.portals[key]
  const portal = value && typeof value === 'object' ? value : {}
  return { name: text(portal.name, fallback.name), url: text(portal.url, fallback.url) }
}

/** Merges an answer of /api/v1/site over the defaults, field by field. */
export function normaliseSite(data) {
  const d = data && typeof data === 'object' ? data : {}
  const portals = d.portals && typeof d.portals === 'object' ? d.portals : {}
  return {
    name: text(d.name, DEFAULT_SITE.name),
    organiser: text(d.organiser, DEFAULT_SITE.organiser),
    city: text(d.city, DEFAULT_SITE.city),
    portal: text(d.portal, DEFAULT_SITE.portal),
    portals: {
      sdrz: mergePortal('sdrz', portals.sdrz),
      gxk: mergePortal('gxk', portals.gxk),
      zyk: mergePortal('zyk', portals.zyk),
    },
  }
}

/** City name without its trailing 市 (日照市 → 日照), for short titles. */
export function cityShort(city) {
  const c = text(city, DEFAULT_SITE.city)
  return c.length > 2 && c.endsWith('市') ? c.slice(0, -1) : c
}

const state = reactive({ ...normaliseSite(null), loaded: false, error: null })

let pending = null

/** Loads /api/v1/site once per page; never throws (the defaults stay). */
export function loadSite() {
  if (!pending) {
    pending = site()
      .then((data) => {
        Object.assign(state, normaliseSite(data), { loaded: true, error: null })
      })
      .catch((err) => {
        state.error = err
        console.warn('site information unavailable, using defaults:', err.message)
      })
  }
  return pending
}

/** The shared, read-only site state (reactive). */
export function useSite() {
  loadSite()
  return readonly(state)
}
