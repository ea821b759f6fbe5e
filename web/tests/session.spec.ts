import { beforeEach, describe, expect, it, vi } from 'vitest'

const KEY = 'zhucun.console.session'
const user = { id: 7, name: '陈志刚', role: 'town_secretary' }

async function freshSession() {
  vi.resetModules()
  return (await import('@/store/session')).session
}

describe('the console session', () => {
  beforeEach(() => sessionStorage.clear())

  it('keeps the token in memory and sessionStorage, never in a cookie', async () => {
    const session = await freshSession()
    session.signIn('tok-1', new Date(Date.now() + 3600_000).toISOString(), user)
    expect(session.token).toBe('tok-1')
    expect(JSON.parse(sessionStorage.getItem(KEY)!).token).toBe('tok-1')
    expect(document.cookie).toBe('')
    expect((await freshSession()).user?.name).toBe('陈志刚') // a reload keeps it (same tab)
  })

  it('forgets a session that has ended', async () => {
    sessionStorage.setItem(KEY, JSON.stringify({ token: 'old', expiresAt: new Date(Date.now() - 1000).toISOString(), user }))
    const session = await freshSession()
    expect(session.token).toBe('')
    expect(sessionStorage.getItem(KEY)).toBeNull()
  })

  it('clears everything and says why when the server refuses the token', async () => {
    const session = await freshSession()
    session.signIn('tok-2', new Date(Date.now() + 3600_000).toISOString(), user)
    session.expire()
    expect(session.token).toBe('')
    expect(session.notice).toContain('重新扫码')
    expect(sessionStorage.getItem(KEY)).toBeNull()
  })
})
