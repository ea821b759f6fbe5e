import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/api/client'

vi.mock('@/api/auth', () => ({ startSignIn: vi.fn(), pollSignIn: vi.fn() }))
const auth = await import('@/api/auth')
const { default: SignIn } = await import('@/views/login/SignIn.vue')
const { session } = await import('@/store/session')

const later = () => new Date(Date.now() + 120_000).toISOString()
const started = (nonce: string) => ({ nonce, qr: `http://127.0.0.1/console/scan?code=qr-${nonce}`, expires_at: later() })
const user = { id: 7, name: '陈志刚', role: 'town_secretary' }

async function open() {
  const router = createRouter({
    history: createMemoryHistory('/console/'),
    routes: [
      { path: '/login', component: SignIn },
      { path: '/approvals', component: { template: '<p>审批</p>' } },
    ],
  })
  await router.push('/login')
  const wrapper = mount(SignIn, { global: { plugins: [router], stubs: { QrCode: true } } })
  await flushPromises()
  return { router, wrapper }
}

async function tick() {
  await vi.advanceTimersByTimeAsync(2000)
  await flushPromises()
}

describe('sign-in by QR code', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    session.clear()
    vi.mocked(auth.startSignIn).mockReset()
    vi.mocked(auth.pollSignIn).mockReset()
  })
  afterEach(() => vi.useRealTimers())

  it('shows the code, polls, and signs in with the token it receives once', async () => {
    vi.mocked(auth.startSignIn).mockResolvedValue(started('n1'))
    vi.mocked(auth.pollSignIn)
      .mockResolvedValueOnce({ status: 'pending', expires_at: later() })
      .mockResolvedValueOnce({ status: 'signed_in', token: 'tok', expires_at: later(), user })
    const { router, wrapper } = await open()
    expect(wrapper.findComponent({ name: 'QrCode' }).attributes('text')).toBe('http://127.0.0.1/console/scan?code=qr-n1')
    await tick()
    expect(session.token).toBe('')
    await tick()
    expect(vi.mocked(auth.pollSignIn).mock.calls.map((c) => c[0])).toEqual(['n1', 'n1'])
    expect(session.token).toBe('tok')
    expect(router.currentRoute.value.path).toBe('/approvals')
  })

  it('draws a fresh code when the old one expired (404)', async () => {
    vi.mocked(auth.startSignIn).mockResolvedValueOnce(started('old')).mockResolvedValueOnce(started('new'))
    vi.mocked(auth.pollSignIn)
      .mockRejectedValueOnce(new ApiError(404, { error: { code: 'NOT_FOUND', message: '二维码已失效', message_en: '', details: {} } }))
      .mockResolvedValue({ status: 'pending', expires_at: later() })
    const { wrapper } = await open()
    await tick()
    expect(auth.startSignIn).toHaveBeenCalledTimes(2)
    expect(wrapper.findComponent({ name: 'QrCode' }).attributes('text')).toContain('qr-new')
  })

  it('tells a member the console is not for them and stops polling', async () => {
    vi.mocked(auth.startSignIn).mockResolvedValue(started('n2'))
    const message = '管理后台供第一书记、镇（街道）书记、市驻村办和派出单位使用，工作队员请在驻村通小程序中办理'
    vi.mocked(auth.pollSignIn).mockRejectedValue(
      new ApiError(403, { error: { code: 'CONSOLE_NOT_FOR_ROLE', message, message_en: '', details: { rule: 'ORG-2' } } }))
    const { wrapper } = await open()
    await tick()
    await tick()
    expect(wrapper.get('[data-testid="sign-in-error"]').text()).toContain('工作队员请在驻村通小程序中办理')
    expect(auth.pollSignIn).toHaveBeenCalledTimes(1)
    expect(session.token).toBe('')
  })
})
