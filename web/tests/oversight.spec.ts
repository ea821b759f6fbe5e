import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/api/oversight', async (original) => ({
  ...(await original<typeof import('@/api/oversight')>()),
  startRollCall: vi.fn(),
  rollCall: vi.fn(),
  rollCalls: vi.fn(),
  duties: vi.fn(),
}))
vi.mock('@/api/org', () => ({ people: vi.fn() }))
const api = await import('@/api/oversight')
const org = await import('@/api/org')
const { ApiError } = await import('@/api/client')
const { default: RollCalls } = await import('@/views/oversight/RollCalls.vue')
const { default: OversightDuties } = await import('@/views/oversight/OversightDuties.vue')

const who = { person: { id: 7, name: '李四' }, village: { id: 1, name: '石峁村' }, answered_at: null, checkin_id: null }
const call = (status: 'waiting' | 'answered' | 'silent', extra = {}) => ({
  id: 12, caller: { id: 2, name: '陈志刚' }, town_id: 1, drawn: true, called_at: '2026-03-02T09:00:00+08:00',
  answer_by: '2026-03-02T09:30:00+08:00', closed_at: null,
  people: [{ ...who, status, ...(status === 'answered' ? { answered_at: '2026-03-02T09:12:00+08:00', checkin_id: 5 } : {}) }],
  ...extra,
})

async function mountRollCalls() {
  vi.mocked(org.people).mockResolvedValue([])
  vi.mocked(api.rollCalls).mockResolvedValue({ items: [], next_cursor: null } as never)
  const wrapper = mount(RollCalls, { attachTo: document.body })
  await flushPromises()
  await wrapper.findAll('label').find((l) => l.text() === '随机抽取')!.trigger('click')
  await flushPromises()
  return wrapper
}

const startButton = (wrapper: ReturnType<typeof mount>) => wrapper.get('[data-testid="rollcall-start"]')

afterEach(() => {
  vi.useRealTimers()
  vi.clearAllMocks()
  document.body.innerHTML = ''
})

describe('INSPECT-1: a roll call started from the console', () => {
  it('draws cadres, shows each waiting, then reads the call again until the answer arrives', async () => {
    vi.useFakeTimers()
    const wrapper = await mountRollCalls()
    vi.mocked(api.startRollCall).mockResolvedValue(call('waiting') as never)
    vi.mocked(api.rollCalls).mockResolvedValue({ items: [call('waiting')], next_cursor: null } as never)
    await startButton(wrapper).trigger('click')
    await flushPromises()
    expect(api.startRollCall).toHaveBeenCalledWith({ draw: 1 })
    expect(wrapper.get('[data-testid="called-7"]').text()).toBe('等待应答')
    expect(wrapper.get('[data-testid="rollcalls"]').text()).toContain('李四')
    expect(wrapper.get('[data-testid="rollcalls"]').text()).toContain('随机抽取')

    vi.mocked(api.rollCall).mockResolvedValue(call('answered') as never)
    await vi.advanceTimersByTimeAsync(5000)
    await flushPromises()
    expect(api.rollCall).toHaveBeenCalledWith(12)
    expect(wrapper.get('[data-testid="called-7"]').text()).toBe('已应答')
    expect(wrapper.get('[data-testid="rollcall-watched"]').text()).toContain('2026-03-02 09:12')
    expect(wrapper.get('[data-testid="rollcall-watched"]').text()).toContain('应答 1 / 1')
    expect(wrapper.get('[data-testid="rollcalls"]').text()).toContain('已应答 1')  // the list row too
    wrapper.unmount()
  })

  it('stops reading a call once it is closed, its silent shown as such', async () => {
    vi.useFakeTimers()
    const wrapper = await mountRollCalls()
    vi.mocked(api.startRollCall).mockResolvedValue(call('waiting') as never)
    await startButton(wrapper).trigger('click')
    await flushPromises()
    vi.mocked(api.rollCall).mockResolvedValue(call('silent', { closed_at: '2026-03-02T09:31:00+08:00' }) as never)
    await vi.advanceTimersByTimeAsync(5000)
    await flushPromises()
    expect(wrapper.get('[data-testid="called-7"]').text()).toBe('未应答')
    expect(wrapper.get('[data-testid="rollcall-watched"]').text()).toContain('已结束')
    await vi.advanceTimersByTimeAsync(20_000)
    expect(api.rollCall).toHaveBeenCalledTimes(1)
    wrapper.unmount()
  })

  it('shows the message of a 422 refusal when nobody is available', async () => {
    const wrapper = await mountRollCalls()
    const message = '当前没有可点名的在岗干部（均请假、外出、休息或正在被点名）'
    vi.mocked(api.startRollCall).mockRejectedValue(
      new ApiError(422, { error: { code: 'RULE_VIOLATION', message, message_en: 'nobody', details: { rule: 'INSPECT-1' } } }))
    await startButton(wrapper).trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="rollcall-error"]').text()).toContain(message)
    expect(wrapper.find('[data-testid="rollcall-watched"]').exists()).toBe(false)
    wrapper.unmount()
  })
})

describe('INSPECT-2 / VISIT-1: the oversight duties per period', () => {
  it('lists each duty with done / required and its state as a tag', async () => {
    vi.mocked(api.duties).mockResolvedValue({
      items: [
        { duty: 'town_spot_check', rule: 'INSPECT-2', subject: { kind: 'town', id: 1, name: '高家堡镇' }, period: '2026-02',
          start_date: '2026-02-01', end_date: '2026-02-28', required: 1, done: 0, status: 'missing' },
        { duty: 'unit_visit', rule: 'VISIT-1', subject: { kind: 'unit', id: 3, name: '市财政局' }, period: '2026',
          start_date: '2026-01-01', end_date: '2026-12-31', required: 2, done: 2, status: 'done' },
      ],
      next_cursor: null,
    } as never)
    const wrapper = mount(OversightDuties, { attachTo: document.body })
    await flushPromises()
    const rows = wrapper.findAll('[data-testid="oversight-duties"] .el-table__row')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('高家堡镇')
    expect(rows[0].text()).toContain('镇（街道）抽查（每月）')
    expect(rows[0].text()).toContain('0 / 1')
    expect(rows[0].get('.el-tag').text()).toBe('未完成')
    expect(rows[1].get('.el-tag').text()).toBe('已完成')
    expect(api.duties).toHaveBeenCalledWith(expect.objectContaining({ year: expect.any(Number) }))
    wrapper.unmount()
  })
})
