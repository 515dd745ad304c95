// Routes of the main portal (history mode: nginx answers every unknown path
// with /sdrz/index.html). meta.auth: signed in; meta.role: acting as
// 'personnel' or 'admin'; meta.fn: an admin function (adminFunctions.js)
// whose module and organisation kind the admin must have, else the page
// is refused at its own address; meta.title: the page's name in the title
// bar (or a function of the route).
import { reactive } from 'vue'
import { createRouter, createWebHistory } from 'vue-router'
import HomePage from './pages/public/HomePage.vue'
import { loadSession, roleHome } from '../common/session.js'
import { FUNCTIONS_BY_KEY, functionLabel, orgInfoLabel, refusal } from './adminFunctions.js'
import { loadOrg, useOrg } from './org.js'

const REGISTER_TITLES = {
  unit: '用人单位注册',
  dept: '主管部门注册',
  base: '继续教育基地注册',
  hrb_district: '区(县)人社局注册',
}

const currentOrg = useOrg()

/** An admin page: signed in, acting as admin, holding function `fn`. */
function adminPage(path, fn, component, extra = {}) {
  const f = FUNCTIONS_BY_KEY[fn]
  return {
    path,
    name: `admin-${fn}`,
    component,
    meta: { title: () => functionLabel(f, currentOrg.org?.kind), auth: true, role: 'admin', fn },
    ...extra,
  }
}

const OrgReviews = () => import('./pages/reviews/OrgReviews.vue')
const SubOrgs = () => import('./pages/orgs/SubOrgs.vue')

const routes = [
  { path: '/', name: 'home', component: HomePage },
  // The address the pages use for this portal when /api/v1/site is down,
  // and the page's address in the Vite dev server.
  { path: '/sdrz/index.html', redirect: '/' },
  { path: '/sdrz/', redirect: '/' },
  {
    path: '/register',
    name: 'register',
    component: () => import('./pages/accounts/RegisterPage.vue'),
    // ?type=unit|dept|base|hrb_district: the tab of that registration.
    meta: { title: (route) => REGISTER_TITLES[route.query.type] || '专业技术人员注册' },
  },
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('./pages/accounts/ForgotPasswordPage.vue'),
    meta: { title: '忘记登录密码' },
  },
  {
    path: '/reset-password',
    name: 'reset-password',
    component: () => import('./pages/accounts/ResetPasswordPage.vue'),
    meta: { title: '重置密码' },
  },
  {
    path: '/password',
    name: 'password',
    component: () => import('./pages/accounts/PasswordPage.vue'),
    meta: { title: '修改密码', auth: true },
  },
  {
    path: '/personnel',
    name: 'personnel',
    component: () => import('./pages/profile/PersonnelHome.vue'),
    meta: { title: '个人主页', auth: true, role: 'personnel' },
  },
  {
    path: '/personnel/profile',
    name: 'personnel-profile',
    component: () => import('./pages/profile/ProfilePage.vue'),
    meta: { title: '用户资料管理', auth: true, role: 'personnel' },
  },
  {
    path: '/personnel/transfer',
    name: 'personnel-transfer',
    component: () => import('./pages/profile/TransferPage.vue'),
    meta: { title: '单位调转', auth: true, role: 'personnel' },
  },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('./pages/orgs/AdminHome.vue'),
    meta: { title: '管理主页', auth: true, role: 'admin' },
  },
  adminPage('/admin/org', 'org-info', () => import('./pages/orgs/OrgInfoPage.vue'), {
    meta: { title: () => orgInfoLabel(currentOrg.org?.kind), auth: true, role: 'admin', fn: 'org-info' },
  }),
  adminPage('/admin/admins', 'admins', () => import('./pages/orgs/AdminsPage.vue')),
  adminPage('/admin/roles', 'roles', () => import('./pages/orgs/RolesPage.vue')),
  adminPage('/admin/reviews/registrations', 'registration-reviews', () => import('./pages/reviews/RegistrationReviews.vue')),
  adminPage('/admin/reviews/hrbs', 'hrb-reviews', OrgReviews, { props: { type: 'hrb' } }),
  adminPage('/admin/reviews/depts', 'dept-reviews', OrgReviews, { props: { type: 'dept' } }),
  adminPage('/admin/reviews/units', 'unit-reviews', OrgReviews, { props: { type: 'unit' } }),
  adminPage('/admin/reviews/branches', 'branch-reviews', OrgReviews, { props: { type: 'branch' } }),
  adminPage('/admin/reviews/bases', 'base-reviews', OrgReviews, { props: { type: 'base' } }),
  adminPage('/admin/reviews/org-changes', 'org-changes', () => import('./pages/reviews/OrgChangeReviews.vue')),
  adminPage('/admin/suborgs', 'suborgs', SubOrgs, { props: { type: '' } }),
  adminPage('/admin/orgs/hrbs', 'hrbs', SubOrgs, { props: { type: 'hrb' } }),
  adminPage('/admin/orgs/depts', 'depts', SubOrgs, { props: { type: 'dept' } }),
  adminPage('/admin/orgs/units', 'units', SubOrgs, { props: { type: 'unit' } }),
  adminPage('/admin/orgs/bases', 'bases', SubOrgs, { props: { type: 'base' } }),
  adminPage('/admin/reviews/profile-changes', 'profile-changes', () => import('./pages/reviews/ProfileChangeReviews.vue')),
  adminPage('/admin/reviews/transfers', 'transfer-reviews', () => import('./pages/reviews/TransferReviews.vue')),
  adminPage('/admin/transfers', 'transfers', () => import('./pages/profile/TransferHistory.vue')),
  adminPage('/admin/personnel', 'personnel', () => import('./pages/profile/PersonnelList.vue')),
  // ---- hours (issue 6) ----
  {
    path: '/personnel/declare',
    name: 'personnel-declare',
    component: () => import('./pages/hours/DeclarePage.vue'),
    meta: { title: '学时申报', auth: true, role: 'personnel' },
  },
  {
    path: '/personnel/declarations',
    name: 'personnel-declarations',
    component: () => import('./pages/hours/DeclarationsPage.vue'),
    meta: { title: '进度查询', auth: true, role: 'personnel' },
  },
  {
    path: '/personnel/years',
    name: 'personnel-years',
    component: () => import('./pages/hours/YearsPage.vue'),
    meta: { title: '年度完成情况', auth: true, role: 'personnel' },
  },
  // Public: the QR code of every certificate opens /verify?n=<number>.
  {
    path: '/verify',
    name: 'verify',
    component: () => import('./pages/public/VerifyPage.vue'),
    meta: { title: '证书查询验证' },
  },
  adminPage('/admin/reviews/declarations', 'declaration-reviews', () => import('./pages/reviews/DeclarationReviews.vue')),
  adminPage('/admin/hours', 'hours-query', () => import('./pages/hours/HoursQuery.vue')),
  adminPage('/admin/certificates', 'certificates', () => import('./pages/hours/CertificateSearch.vue')),
  adminPage('/admin/hours/rules', 'hour-rules', () => import('./pages/hours/HourRules.vue')),
  adminPage('/admin/hours/forms', 'study-forms', () => import('./pages/hours/StudyForms.vue')),
  // ---- courses (issue 11) ----
  adminPage('/admin/videos', 'videos', () => import('./pages/courses/VideosPage.vue')),
  adminPage('/admin/courses', 'course-classes', () => import('./pages/courses/ClassList.vue')),
  adminPage('/admin/courses/classes/:id', 'course-classes', () => import('./pages/courses/ClassEditor.vue'), {
    name: 'admin-course-class',
  }),
  adminPage('/admin/courses/classes/:id/learners', 'course-classes', () => import('./pages/courses/ClassLearners.vue'), {
    name: 'admin-course-learners',
  }),
  adminPage('/admin/banks', 'question-banks', () => import('./pages/courses/BankList.vue')),
  adminPage('/admin/banks/:id', 'question-banks', () => import('./pages/courses/BankQuestions.vue'), {
    name: 'admin-bank-questions',
  }),
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./pages/public/NotFound.vue'),
    meta: { title: '页面不存在' },
  },
  // An admin page the admin may not open, shown at its own address (after
  // not-found: an address typed in is never matched here, only named).
  {
    path: '/:pathMatch(.*)*',
    name: 'forbidden',
    component: () => import('./pages/public/ForbiddenPage.vue'),
    meta: { title: '无权访问' },
  },
]

/** Why the last admin page was refused: { title, reason }. */
export const denial = reactive({ title: '', reason: '' })

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  if (!to.meta.auth) return true
  let user = null
  try {
    user = await loadSession()
  } catch {
    user = null
  }
  if (!user) return { name: 'home', query: { redirect: to.fullPath } }
  if (to.meta.role) {
    // No role chosen yet: the home page asks for one.
    if (!user.role) return { name: 'home' }
    if (user.role.kind !== to.meta.role) return roleHome(user.role)
  }
  if (to.meta.fn) {
    const fn = FUNCTIONS_BY_KEY[to.meta.fn]
    let org = null
    let why = ''
    try {
      org = await loadOrg({ force: true })
    } catch (err) {
      if (err.status === 401) return { name: 'home', query: { redirect: to.fullPath } }
      why = err.status === 403 ? err.message : `无法读取本单位信息,请稍后再试:${err.message}`
    }
    why = why || refusal(fn, org)
    if (why) {
      denial.title = functionLabel(fn, org?.kind)
      denial.reason = why
      return { name: 'forbidden', params: { pathMatch: to.path.split('/').slice(1) }, query: to.query, hash: to.hash }
    }
  }
  return true
})

/** Where to go after sign-in: the page asked for, if the role may see it. */
export function afterSignIn(user, redirect) {
  const home = roleHome(user && user.role)
  if (typeof redirect !== 'string' || !redirect.startsWith('/') || redirect.startsWith('//')) return home
  const target = router.resolve(redirect)
  if (target.name === 'not-found' || target.name === 'forbidden' || target.name === 'home') return home
  if (target.meta.role && target.meta.role !== user?.role?.kind) return home
  return target.fullPath
}
