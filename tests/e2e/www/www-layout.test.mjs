// The front end's house rules, read from its source:
//   - the main portal's pages live in feature folders (pages/<feature>/),
//     and every page the router names exists;
//   - endpoint paths live in the API modules only (src/api.js, the client;
//     src/common/api/*.js, the shared domains; src/sdrz/api/*.js, the main
//     portal's domains): no other file calls the client or fetch or spells
//     an endpoint path, and every path an API module names is a route the
//     main portal serves with that method (`sdrz-main --routes`);
//   - the six review queues are one component (ReviewQueue.vue) that each
//     queue page configures with a columns file (<name>.data.js); no queue
//     page writes its own tabs, selection, pager or decision dialogs.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'

const ROOT = process.env.SDRZ_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const SRC = join(ROOT, 'www', 'src')
const PAGES = join(SRC, 'sdrz', 'pages')

const FEATURES = ['accounts', 'orgs', 'profile', 'hours', 'reviews', 'public', 'courses']
const QUEUES = [
  'RegistrationReviews',
  'OrgReviews',
  'OrgChangeReviews',
  'ProfileChangeReviews',
  'TransferReviews',
  'DeclarationReviews',
]

/** Every file under `dir` (relative to SRC) whose name ends in one of `exts`. */
function filesOf(dir, exts = ['.js', '.vue']) {
  const out = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...filesOf(path, exts))
    else if (exts.some((e) => name.endsWith(e))) out.push(path)
  }
  return out
}

const rel = (path) => relative(SRC, path).split('\\').join('/')
const isApiModule = (path) => /^(api\.js|common\/api\/[^/]+\.js|sdrz\/api\/[^/]+\.js)$/.test(rel(path))

// The first segment of every endpoint of /api/v1/ the pages reach.
const ENDPOINT = /(['"`])(?:\/api\/v1\/|api\/v1\/|(?:reviews|org|orgs|me|hours|auth|dicts|forms|personnel|transfers|certificates|attachments|register|videos|media|courses|banks|questions)\/)/

test('the pages of the main portal live in feature folders and the router names files that exist', () => {
  const loose = readdirSync(PAGES).filter((n) => !statSync(join(PAGES, n)).isDirectory())
  assert.deepEqual(loose, [], 'no page directly in pages/')
  for (const dir of readdirSync(PAGES)) assert.ok(FEATURES.includes(dir), `pages/${dir} is one of ${FEATURES.join(', ')}`)
  for (const f of FEATURES) assert.ok(existsSync(join(PAGES, f)), `pages/${f} exists`)

  const router = readFileSync(join(SRC, 'sdrz', 'router.js'), 'utf8')
  const named = [...router.matchAll(/(?:import\(|from )\s*'(\.\/pages\/[^']+)'/g)].map((m) => m[1])
  assert.ok(named.length >= 30, `the router names its pages (${named.length})`)
  for (const p of named) {
    assert.match(p, new RegExp(`^\\./pages/(${FEATURES.join('|')})/`), `${p} is in a feature folder`)
    assert.ok(existsSync(join(SRC, 'sdrz', p)), `${p} exists`)
  }
})

test('only the API modules call the client or fetch, or spell an endpoint path', () => {
  const offences = []
  for (const file of filesOf(SRC)) {
    if (isApiModule(file)) continue
    const text = readFileSync(file, 'utf8')
    const lines = text.split('\n')
    lines.forEach((line, i) => {
      const where = `${rel(file)}:${i + 1}: ${line.trim()}`
      if (/^\s*(\/\/|\*)/.test(line)) return
      if (/\bapi\.(get|post|put|patch|delete|request)\(|\brequest\(\s*'|\bfetch\(/.test(line)) offences.push(where)
      else if (ENDPOINT.test(line)) offences.push(where)
      else if (/\bAPI_BASE\b/.test(line)) offences.push(where)
    })
    // The client itself is the API modules' to import.
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'[^']*\/api\.js'/g)) {
      const names = m[1].split(',').map((s) => s.trim().split(/\s+as\s+/)[0])
      for (const n of names) if (['api', 'request', 'API_BASE'].includes(n)) offences.push(`${rel(file)}: imports ${n} from api.js`)
    }
    if (/import\s+api\s+from\s*'[^']*\/api\.js'/.test(text)) offences.push(`${rel(file)}: imports the client`)
  }
  assert.deepEqual(offences, [], 'endpoint paths outside the API modules')
})

test('every endpoint an API module of the main portal names is a route of sdrz-main', () => {
  const routes = execFileSync(join(ROOT, 'build', 'fcgi', 'sdrz-main'), ['--routes'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => {
      const [method, pattern] = line.split(' ')
      const re = new RegExp(`^${pattern.replace(/:[a-z_]+/g, '[^/]+')}$`)
      return { method, re }
    })
  const modules = [
    ...filesOf(join(SRC, 'common', 'api'), ['.js']),
    ...filesOf(join(SRC, 'sdrz', 'api'), ['.js']),
  ]
  assert.ok(modules.length >= 6, `API modules (${modules.map(rel).join(', ')})`)
  let seen = 0
  const missing = []
  for (const file of modules) {
    const text = readFileSync(file, 'utf8')
    // call(METHOD, 'path') or api.method('path' | `path ${x}`) or queue('base').
    const calls = []
    for (const m of text.matchAll(/\bapi\.(get|post|put|patch|delete)\(\s*(['`])([^'`]*)\2/g)) {
      calls.push([m[1].toUpperCase(), m[3]])
    }
    // A review queue (api/reviews.js): its list and decide, its item when
    // it has `detail`, its DELETE unless `remove: false`.
    for (const m of text.matchAll(/\bqueue\(\s*'([^']+)'\s*(?:,\s*\{([^}]*)\})?\s*\)/g)) {
      const [, base, opts = ''] = m
      calls.push(['GET', base], ['POST', `${base}/decide`])
      if (/detail:\s*true/.test(opts)) calls.push(['GET', `${base}/x`])
      if (!/remove:\s*false/.test(opts)) calls.push(['DELETE', `${base}/x`])
    }
    for (const [method, spelled] of calls) {
      // queue() itself: its paths start with the base it is given.
      if (spelled.startsWith('${')) continue
      const path = '/api/v1/' + spelled.replace(/\$\{[^}]*\}/g, 'x')
      seen += 1
      if (!routes.some((r) => r.method === method && r.re.test(path))) missing.push(`${rel(file)}: ${method} ${path}`)
    }
  }
  assert.ok(seen >= 60, `the modules name the endpoints (${seen})`)
  assert.deepEqual(missing, [], 'paths that sdrz-main does not serve')
})

test('the six review queues are one component configured by a columns file each', () => {
  const component = join(SRC, 'sdrz', 'components', 'ReviewQueue.vue')
  assert.ok(existsSync(component), 'components/ReviewQueue.vue')
  for (const name of QUEUES) {
    const page = join(PAGES, 'reviews', `${name}.vue`)
    assert.ok(existsSync(page), `pages/reviews/${name}.vue`)
    const text = readFileSync(page, 'utf8')
    assert.match(text, /<ReviewQueue\b/, `${name} uses ReviewQueue`)
    const data = text.match(/from\s*'\.\/([^']+\.data\.js)'/)
    assert.ok(data, `${name} imports its columns file`)
    const columns = readFileSync(join(PAGES, 'reviews', data[1]), 'utf8')
    assert.match(columns, /export const columns\b|export function columns\b/, `${data[1]} exports its columns`)
    for (const own of ['<el-tabs', '<el-pagination', 'type="selection"', 'RejectDialog', 'DecisionResult', 'useReviewQueue']) {
      assert.ok(!text.includes(own), `${name} has no ${own} of its own`)
    }
  }
})
