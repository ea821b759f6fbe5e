// The one HTTP client of the console: openapi-fetch typed by schema.d.ts (generated from the
// served OpenAPI document by `npm run gen:api`; never edited by hand). The bearer token comes from
// the session store (memory + sessionStorage), never from a cookie.
import createClient, { type Middleware } from 'openapi-fetch'
import { session } from '@/store/session'
import type { components, paths } from './schema'

export type Schemas = components['schemas']

export const client = createClient<paths>({ baseUrl: '' })

const bearer: Middleware = {
  onRequest({ request }) {
    if (session.token) request.headers.set('Authorization', `Bearer ${session.token}`)
    return request
  },
  onResponse({ response }) {
    if (response.status === 401 && session.token) session.expire()
    return response
  },
}
client.use(bearer)

/** An answer in API.md's error envelope, with the Chinese message to show. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: Record<string, unknown>

  constructor(status: number, body: unknown) {
    const error = (body as { error?: Schemas['ErrorBody'] } | undefined)?.error
    super(error?.message || `请求失败（${status}）`)
    this.status = status
    this.code = error?.code || 'HTTP_ERROR'
    this.details = (error?.details as Record<string, unknown>) || {}
  }
}

interface Answer<T> {
  data?: T
  error?: unknown
  response: Response
}

/** The answer's data, or an ApiError carrying the envelope's message. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call
  if (!response.ok || error !== undefined) throw new ApiError(response.status, error)
  return data as T
}

/** Every item of a cursor-paged list (API.md lists), page by page, up to ``max`` items. */
export async function allItems<T>(
  page: (cursor: string | undefined) => Promise<{ items?: T[]; next_cursor?: string | null }>,
  max = 5000,
): Promise<T[]> {
  const items: T[] = []
  let cursor: string | undefined
  do {
    const answer = await page(cursor)
    items.push(...(answer.items ?? []))
    cursor = answer.next_cursor ?? undefined
  } while (cursor && items.length < max)
  return items
}
