import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'

const setOption = vi.fn()
vi.mock('@/utils/echarts', () => ({
  echarts: { init: () => ({ setOption, resize: vi.fn(), dispose: vi.fn() }) },
}))

const { default: YearHeatmap } = await import('@/components/YearHeatmap.vue')
const { countStatuses, heatmapOption } = await import('@/utils/heatmap')

const days = [
  { date: '2026-03-02', status: 'present' },
  { date: '2026-03-03', status: 'present', provisional: true },
  { date: '2026-03-04', status: 'absent' },
  { date: '2026-03-07', status: 'rest' },
  { date: '2026-03-08', status: 'rest', on_duty: false },
  { date: '2026-03-09', status: 'business' },
  { date: '2026-02-27', status: 'not_posted' },
]

describe('a cadre\'s year as a heat map', () => {
  it('counts each status; days outside the posting count nowhere (RULES.md §2)', () => {
    expect(countStatuses(days)).toEqual({ present: 2, business: 1, leave: 0, rest: 2, absent: 1 })
  })

  it('draws one cell per counted day and labels the legend with the counts', () => {
    const option = heatmapOption(2026, days)
    expect(option.calendar.range).toBe('2026')
    expect(option.series[0].data).toHaveLength(6)
    expect(option.visualMap.pieces.map((p) => p.label)).toEqual(['在岗 2天', '因公外出 1天', '请假 0天', '休息 2天', '缺勤 1天'])
  })

  it('renders the counts beside the chart and hands ECharts the option', () => {
    const wrapper = mount(YearHeatmap, { props: { year: 2026, days }, attachTo: document.body })
    expect(wrapper.get('[data-status="present"] b').text()).toBe('2')
    expect(wrapper.get('[data-status="absent"] b').text()).toBe('1')
    expect(setOption).toHaveBeenCalled()
    wrapper.unmount()
  })
})
