// Multi-page build: one HTML entry per portal. The HTML files live at
// <portal>/index.html so that the build writes dist/<portal>/index.html,
// with all hashed JS/CSS under dist/assets/ (base '/').
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import AutoImport from 'unplugin-auto-import/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { VantResolver } from '@vant/auto-import-resolver'

const entry = (name) => fileURLToPath(new URL(`./${name}/index.html`, import.meta.url))

// Vant's icon font lists a copy on a public CDN after its inlined woff2. The
// pages load nothing from other hosts (nginx's Content-Security-Policy
// refuses it and Chromium reports that), so drop that fallback.
function dropRemoteFonts() {
  const remote = /,\s*url\(\s*["']?(?:https?:)?\/\/[^)]*\)\s*format\(\s*["']?woff["']?\s*\)/g
  return {
    name: 'sdrz-drop-remote-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]vant[\\/].*\.css$/.test(id.split('?')[0])) return null
      const stripped = code.replace(remote, '')
      return stripped === code ? null : { code: stripped, map: null }
    },
  }
}

export default defineConfig({
  base: '/',
  plugins: [
    dropRemoteFonts(),
    vue(),
    // Element Plus and Vant are imported on demand (components, their CSS,
    // and functions such as ElMessage or showToast).
    AutoImport({
      resolvers: [ElementPlusResolver(), VantResolver()],
      dts: false,
    }),
    Components({
      resolvers: [ElementPlusResolver(), VantResolver()],
      dirs: [],
      dts: false,
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    rolldownOptions: {
      input: {
        sdrz: entry('sdrz'),
        gxk: entry('gxk'),
        zyk: entry('zyk'),
        m: entry('m'),
      },
      output: {
        // Named vendor chunks, so a page loads only the libraries it uses
        // (the mobile page never loads Element Plus).
        codeSplitting: {
          groups: [
            { name: 'vue', test: /[\\/]node_modules[\\/]@?vue[\\/]/ },
            {
              name: 'element-plus',
              test: /[\\/]node_modules[\\/](element-plus|@element-plus|@floating-ui|@popperjs|@vueuse|@ctrl|async-validator|dayjs|lodash|lodash-es|lodash-unified|memoize-one|normalize-wheel-es)[\\/]/,
            },
            { name: 'vant', test: /[\\/]node_modules[\\/](vant|@vant)[\\/]/ },
            { name: 'vue-router', test: /[\\/]node_modules[\\/]vue-router[\\/]/ },
            // Our own code shared by every page, and by the desktop pages.
            {
              name: 'common',
              test: /[\\/]src[\\/](api\.js|common[\\/](mount|site|errorReport|useTitle)\.js|common[\\/]api[\\/]site\.js|common[\\/]base\.css|common[\\/]SiteEmblem\.vue)/,
            },
            {
              name: 'desktop',
              test: /[\\/]src[\\/]common[\\/]((SiteHeader|SiteNav|SiteFooter|InfoPanel|PortalLayout|StepList|TopBar|AppLink|LoginForm|LoginHelp|CaptchaField|RoleChooser)\.vue|(session|dicts|formErrors|idcard|passwords)\.js|api[\\/](auth|dicts)\.js)/,
            },
          ],
        },
      },
    },
  },
  server: {
    // `npm run dev` talks to a running back end (./dev) for /api.
    proxy: {
      '/api': process.env.SDRZ_API_PROXY || 'http://127.0.0.1:8080',
    },
  },
})
