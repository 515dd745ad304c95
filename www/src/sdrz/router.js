// Routes of the main portal (history mode: nginx answers every unknown path
// with /sdrz/index.html). meta.auth: signed in; meta.role: acting as
// 'personnel' or 'admin'; meta.title: the page's name in the title bar.
import { createRouter, createWebHistory } from 'vue-router'
import HomePage from './pages/HomePage.vue'
import { loadSession, roleHome } from '../common/session.js'

const routes = [
  { path: '/', name: 'home', component: HomePage },
  // The address the pages use for this portal when /api/v1/site is down,
  // and the page's address in the Vite dev server.
  { path: '/sdrz/index.html', redirect: '/' },
  { path: '/sdrz/', redirect: '/' },
  {
    path: '/register',
    name: 'register',
    component: () => import('./pages/RegisterPage.vue'),
    meta: { title: '专业技术人员注册' },
  },
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('./pages/ForgotPasswordPage.vue'),
    meta: { title: '忘记登录密码' },
  },
  {
    path: '/reset-password',
    name: 'reset-password',
    component: () => import('./pages/ResetPasswordPage.vue'),
    meta: { title: '重置密码' },
  },
  {
    path: '/password',
    name: 'password',
    component: () => import('./pages/PasswordPage.vue'),
    meta: { title: '修改密码', auth: true },
  },
  {
    path: '/personnel',
    name: 'personnel',
    component: () => import('./pages/PersonnelHome.vue'),
    meta: { title: '个人主页', auth: true, role: 'personnel' },
  },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('./pages/AdminHome.vue'),
    meta: { title: '管理主页', auth: true, role: 'admin' },
  },
  {
    path: '/admin/reviews/registrations',
    name: 'admin-registration-reviews',
    component: () => import('./pages/RegistrationReviews.vue'),
    meta: { title: '注册人员审核', auth: true, role: 'admin' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./pages/NotFound.vue'),
    meta: { title: '页面不存在' },
  },
]

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
  return true
})

/** Where to go after sign-in: the page asked for, if the role may see it. */
export function afterSignIn(user, redirect) {
  const home = roleHome(user && user.role)
  if (typeof redirect !== 'string' || !redirect.startsWith('/') || redirect.startsWith('//')) return home
  const target = router.resolve(redirect)
  if (target.name === 'not-found' || target.name === 'home') return home
  if (target.meta.role && target.meta.role !== user?.role?.kind) return home
  return target.fullPath
}
