// Writes a .gz twin of every text asset of the build, so Flask sends precompressed files.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

const COMPRESSIBLE = /\.(js|css|svg|json|html|map|txt)$/

export function gzipAssets(): Plugin {
  let outDir = 'dist'
  return {
    name: 'zhucun-gzip-assets',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    closeBundle() {
      const assets = join(outDir, 'assets')
      for (const name of readdirSync(assets)) {
        const file = join(assets, name)
        if (COMPRESSIBLE.test(name) && statSync(file).size > 512) {
          writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }))
        }
      }
    },
  }
}
