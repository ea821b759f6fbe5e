// Who is signed in to the console. The token lives in memory and in sessionStorage (gone when the
// tab closes), never in a cookie: the API trusts only the Authorization header, so there is no
// CSRF surface. Signing out revokes this console session on the server (its token names it).
import { reactive } from 'vue'
import type { components } from '@/api/schema'

export type User = components['schemas']['MeOut']

const KEY = 'zhucun.console.session'

interface Saved {
  token: string
  expiresAt: string
  user: User
}

function load(): Saved | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null') as Saved | null
    if (saved && new Date(saved.expiresAt).getTime() > Date.now()) return saved
  } catch {
    /* a damaged entry is as good as none */
  }
  sessionStorage.removeItem(KEY)
  return null
}

const saved = load()

export const session = reactive({
  token: saved?.token ?? '',
  expiresAt: saved?.expiresAt ?? '',
  user: (saved?.user ?? null) as User | null,
  /** Why the last session ended, for the sign-in page (e.g. it expired). */
  notice: '',

  get role(): string {
    return this.user?.role ?? ''
  },

  signIn(token: string, expiresAt: string, user: User) {
    this.token = token
    this.expiresAt = expiresAt
    this.user = user
    this.notice = ''
    sessionStorage.setItem(KEY, JSON.stringify({ token, expiresAt, user }))
  },

  clear(notice = '') {
    this.token = ''
    this.expiresAt = ''
    this.user = null
    this.notice = notice
    sessionStorage.removeItem(KEY)
  },

  /** The server refused the token (signed out elsewhere, or past its end). */
  expire() {
    this.clear('登录已失效，请重新扫码登录')
  },
})
