import { mountPage } from '../common/mount.js'
import App from './App.vue'

mountPage(App)
