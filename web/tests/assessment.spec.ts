import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

vi.mock('@/api/assessment', async (original) => ({
  ...(await original<typeof import('@/api/assessment')>()),
  assessments: vi.fn(),
  recordGrade: vi.fn(),
}))
const api = await import('@/api/assessment')
const { default: AssessmentTable } = await import('@/views/recall/AssessmentTable.vue')
const { session } = await import('@/store/session')

const row = (extra = {}) => ({
  person: { id: 3, name: '王五' }, year: 2026, village: { id: 1, name: '前石畔村' }, town: { id: 1, name: '大柳塔镇' },
  unit: { id: 2, name: '市农业农村局' }, attendance_days: 150, target: 184, trip_days: 4, leave_days: 3, absent_days: 31,
  longest_absence_streak: 5, missed_logs: { open: 0, fixed: 1, unfixed: 0 }, corrections: 0, duty_days_served: 6,
  suggested_grade: '不称职', reasons: [{ rule: 'ATT-4', grade: '不称职', text: '缺勤天数 31 > 30（ATT-4）→ 不称职' }],
  grade: null, comment: null, grade_source: null, graded_by: null, graded_at: null, unit_excellent_eligible: true,
  ...extra,
})

async function open(role: string, items: object[]) {
  session.signIn('t', new Date(Date.now() + 3_600_000).toISOString(), { id: 1, name: '市驻村办', role } as never)
  vi.mocked(api.assessments).mockResolvedValue({ items, next_cursor: null } as never)
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<p/>' } }] })
  const wrapper = mount(AssessmentTable, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('the annual assessment table (ASSESS-1)', () => {
  it('shows the figures, the suggested grade with its reasons and no grade yet', async () => {
    const wrapper = await open('town_secretary', [row()])
    const text = wrapper.get('[data-testid="assessments"]').text()
    expect(text).toContain('150 / 184')
    expect(wrapper.get('[data-testid="suggested-grade"]').text()).toBe('不称职')
    expect(text).toContain('缺勤天数 31 > 30（ATT-4）→ 不称职')
    expect(text).toContain('未评定')
    expect(wrapper.findAll('button').filter((b) => b.text() === '评定')).toHaveLength(0)  // reads only
    wrapper.unmount()
  })

  it('a grade already recorded by the city office is corrected with a reason', async () => {
    const wrapper = await open('city_admin', [row({ grade: '称职', grade_source: 'city_office', comment: '良' })])
    expect(wrapper.get('[data-testid="final-grade"]').text()).toBe('称职')
    await wrapper.findAll('button').find((b) => b.text() === '更正')!.trigger('click')
    await flushPromises()
    const reason = document.body.querySelector<HTMLTextAreaElement>('textarea[placeholder="已评定过，更正须注明理由"]')
    expect(reason).not.toBeNull()
    reason!.value = '复核后改评'
    reason!.dispatchEvent(new Event('input'))
    vi.mocked(api.recordGrade).mockResolvedValue({} as never)
    const ok = [...document.body.querySelectorAll('button')].find((b) => b.textContent?.trim() === '确定')!
    ok.click()
    await flushPromises()
    expect(api.recordGrade).toHaveBeenCalledWith(3, 2026, { grade: '称职', comment: '良', correction: true, reason: '复核后改评' })
    wrapper.unmount()
  })
})
