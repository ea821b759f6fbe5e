/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { defineConfig } from 'vite'
import { gzipAssets } from './scripts/gzip-assets.ts'

// Served by Flask at /console/ (app/console.py); the API is on the same origin under /api/v1.
export default defineConfig({
  base: '/console/',
  plugins: [
    vue(),
    // Element Plus on demand: only the components a template uses, each with its own CSS.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: 'src/components.d.ts' }),
    gzipAssets(),
  ],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // No inline script anywhere (the console runs under script-src 'self').
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 800,
    // Few files on a first load (each is a round trip to a gunicorn worker): one stylesheet, the
    // libraries in one chunk, ECharts in its own (only a cadre's page needs it).
    cssCodeSplit: false,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (/node_modules[\\/](echarts|zrender)[\\/]/.test(id)) return 'echarts'
          if (id.includes('node_modules')) return 'vendor'
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8000' } },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.spec.ts'],
    server: { deps: { inline: ['element-plus'] } },
  },
})
