// The staff console: Vue 3 + TDesign + ECharts, built into server/console/dist and served by the
// Koa server at / (server/routes/console.ts). Build: `npm run build:console` (also run by
// `npm install` and, when dist is missing, by `npm start`). Dev: `npx vite server/console` with the
// API on :3000 (proxied below).
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' },
  },
})
