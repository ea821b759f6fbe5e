// VIEW-2 on a city's scale: the period board shows its first page at once and appends the rest.
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

vi.mock('@/api/org', () => ({ villages: vi.fn().mockResolvedValue([]) }))
vi.mock('@/api/client', async (original) => ({
  ...(await original<typeof import('@/api/client')>()),
  client: { GET: vi.fn() },
}))
const { client } = await import('@/api/client')
const { boardPages } = await import('@/api/boards')
const { default: PeriodBoard } = await import('@/views/boards/PeriodBoard.vue')

const item = (id: number, name: string, risk: string[] = []) => ({
  key: `p${id}`, person: { id, name }, village: { id: 1, name: '前石畔村' }, risk, attendance_days: 100, target: 200,
})
/** A page the test answers when it likes: the API's answer shape for openapi-fetch. */
function deferred() {
  let answer!: (page: object) => void
  const call = new Promise((resolve) => { answer = (page) => resolve({ data: page, response: { ok: true } }) })
  return { call, answer }
}

describe('VIEW-2: the period board is rendered progressively', () => {
  it('boardPages hands over the first page before the next one is asked for', async () => {
    const asked: (string | undefined)[] = []
    const seen: [number[], boolean, number][] = []
    const board = await boardPages(async (cursor) => {
      asked.push(cursor)
      return cursor ? { items: [3], next_cursor: null } : { items: [1, 2], next_cursor: 'b' }
    }, (sofar, done) => { seen.push([sofar.items as number[], done, asked.length]) })
    expect(seen).toEqual([[[1, 2], false, 1], [[1, 2, 3], true, 2]])
    expect(board.items).toEqual([1, 2, 3])
  })

  it('shows the riskiest first page at once, appends the later pages, and the name filter sees them', async () => {
    const first = deferred(), second = deferred()
    vi.mocked(client.GET).mockReturnValueOnce(first.call as never).mockReturnValueOnce(second.call as never)
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<p/>' } }] })
    const wrapper = mount(PeriodBoard, { global: { plugins: [router] }, attachTo: document.body })
    await flushPromises()
    expect(vi.mocked(client.GET)).toHaveBeenCalledTimes(1)
    expect(vi.mocked(client.GET).mock.calls[0][1]).toMatchObject({ params: { query: { sort: 'risk', limit: 500 } } })

    first.answer({ year: 2026, items: [item(1, '张三', ['ATT-4']), item(2, '李四')], next_cursor: 'c2' })
    await flushPromises()
    expect(wrapper.get('[data-testid="period-count"]').text()).toContain('共 2 人，1 人接近召回条件')
    expect(wrapper.get('[data-testid="period-progress"]').text()).toContain('已载入 2 人')
    expect(vi.mocked(client.GET).mock.calls[1][1]).toMatchObject({ params: { query: { cursor: 'c2' } } })

    second.answer({ year: 2026, items: [item(3, '王五', ['ATT-1'])], next_cursor: null })
    await flushPromises()
    expect(wrapper.get('[data-testid="period-count"]').text()).toContain('共 3 人，2 人接近召回条件')
    expect(wrapper.find('[data-testid="period-progress"]').exists()).toBe(false)

    await wrapper.get('input[placeholder="按姓名查找"]').setValue('王五')  // an appended row is found
    expect(wrapper.get('[data-testid="period-count"]').text()).toContain('共 1 人，1 人接近召回条件')
    wrapper.unmount()
  })
})
