// Regenerates src/api/schema.d.ts from the OpenAPI document the Flask app serves.
// Usage (from web/): npm run gen:api   — needs the project's .venv (bin/setup).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..', '..')
const spec = join(mkdtempSync(join(tmpdir(), 'zhucun-openapi-')), 'openapi.json')
execFileSync(join(root, '.venv', 'bin', 'flask'), ['--app', 'wsgi', 'openapi', 'write', '--format', 'json', spec], {
  cwd: root,
  stdio: 'inherit',
})
const out = resolve(import.meta.dirname, '..', 'src', 'api', 'schema.d.ts')
execFileSync(join(import.meta.dirname, '..', 'node_modules', '.bin', 'openapi-typescript'), [spec, '-o', out], {
  stdio: 'inherit',
})
console.log(`wrote ${out} (${readFileSync(out, 'utf8').length} characters)`)
writeFileSync(spec, '')
