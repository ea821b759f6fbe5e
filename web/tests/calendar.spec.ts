import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import YearCalendar from '@/components/YearCalendar.vue'
import { dayKind, monthGrids, toggleDay } from '@/utils/calendar'

describe('DUTY-4 year calendar: one click on a day', () => {
  const empty = { holidays: [], workdays: [] }

  it('makes a weekday a holiday and back', () => {
    const once = toggleDay('2028-02-14', empty) // a Monday
    expect(once).toEqual({ holidays: ['2028-02-14'], workdays: [] })
    expect(toggleDay('2028-02-14', once)).toEqual(empty)
  })

  it('takes a weekend day from rest to holiday to make-up workday (调休) and back to rest', () => {
    const day = '2028-02-12' // a Saturday
    expect(dayKind(day, empty)).toBe('rest')
    const holiday = toggleDay(day, empty)
    expect(dayKind(day, holiday)).toBe('holiday')
    const makeup = toggleDay(day, holiday)
    expect(makeup).toEqual({ holidays: [], workdays: [day] })
    expect(dayKind(day, toggleDay(day, makeup))).toBe('rest')
  })

  it('keeps the lists sorted and other days untouched', () => {
    const calendar = { holidays: ['2028-10-02'], workdays: ['2028-09-30'] }
    expect(toggleDay('2028-10-01', calendar)).toEqual({ holidays: ['2028-10-01', '2028-10-02'], workdays: ['2028-09-30'] })
  })

  it('lays out each month Monday first, with every day of the year once', () => {
    const grids = monthGrids(2028)
    expect(grids).toHaveLength(12)
    expect(grids.flatMap((g) => g.cells.filter(Boolean))).toHaveLength(366) // 2028 is a leap year
    expect(grids[0].cells.indexOf('2028-01-01')).toBe(5) // a Saturday: five blanks before it
  })
})

describe('YearCalendar', () => {
  it('emits the toggled calendar when an editable day is clicked', async () => {
    const wrapper = mount(YearCalendar, { props: { year: 2028, modelValue: { holidays: [], workdays: [] }, editable: true } })
    await wrapper.get('button[data-date="2028-05-01"]').trigger('click')
    expect(wrapper.emitted('update:modelValue')?.[0]).toEqual([{ holidays: ['2028-05-01'], workdays: [] }])
  })

  it('shows each day with its kind and does not edit when read-only', async () => {
    const wrapper = mount(YearCalendar, {
      props: { year: 2028, modelValue: { holidays: ['2028-01-01'], workdays: ['2028-01-30'] } },
    })
    expect(wrapper.get('[data-date="2028-01-01"]').attributes('data-kind')).toBe('holiday')
    expect(wrapper.get('[data-date="2028-01-30"]').attributes('data-kind')).toBe('makeup')
    expect(wrapper.get('[data-date="2028-01-03"]').attributes('data-kind')).toBe('workday')
    await wrapper.get('[data-date="2028-01-03"]').trigger('click')
    expect(wrapper.emitted('update:modelValue')).toBeUndefined()
  })
})
