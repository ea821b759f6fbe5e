import { describe, expect, it } from 'vitest'
import { homeFor, menuFor } from '@/router/routes'

const titles = (role: string) => menuFor(role).map((m) => m.title)

describe('ORG-2: each role sees the pages it may use', () => {
  it('gives the city office every page, settings included', () => {
    expect(titles('city_admin')).toEqual(['审批', '今日', '考勤看板', '干部考勤', '召回与考核', '抽查', '报表', '节假日日历', '组织导入', '推送失败'])
    expect(menuFor('city_admin').filter((m) => m.group === '设置')).toHaveLength(3)
  })

  it('gives a town secretary approvals, cadres, recall cases and roll calls (INSPECT-1), no settings', () => {
    expect(titles('town_secretary')).toEqual(['审批', '今日', '考勤看板', '干部考勤', '召回与考核', '抽查', '报表'])
  })

  it('gives a leader approvals and the team, and a unit viewer its cadres only', () => {
    expect(titles('leader')).toEqual(['审批', '今日', '考勤看板', '干部考勤', '报表'])
    expect(titles('unit_viewer')).toEqual(['今日', '考勤看板', '干部考勤', '报表'])
    expect(homeFor('unit_viewer')).toBe('/boards/today')
    expect(homeFor('leader')).toBe('/approvals')
  })

  it('gives a member nothing (the console is not for them)', () => {
    expect(titles('member')).toEqual([])
    expect(homeFor('member')).toBe('/login')
  })
})
