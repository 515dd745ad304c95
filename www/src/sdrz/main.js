import { mountPage } from '../common/mount.js'
import App from './App.vue'
import { router } from './router.js'

mountPage(App, { plugins: [router] })
