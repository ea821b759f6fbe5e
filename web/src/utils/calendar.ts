// The official calendar of a year as the city office edits it (DUTY-4): which days are statutory
// holidays and which weekend days are make-up working days (调休).
import { daysOfYear, isWeekend } from './dates'

export type DayKind = 'workday' | 'rest' | 'holiday' | 'makeup'

export const DAY_KIND_NAMES: Record<DayKind, string> = {
  workday: '工作日',
  rest: '周末休息',
  holiday: '法定节假日',
  makeup: '调休上班',
}

export interface YearDays {
  holidays: string[]
  workdays: string[]
}

export function dayKind(day: string, calendar: YearDays): DayKind {
  if (calendar.holidays.includes(day)) return 'holiday'
  if (calendar.workdays.includes(day)) return 'makeup'
  return isWeekend(day) ? 'rest' : 'workday'
}

/** One click on a day: a weekday toggles holiday; a weekend day goes rest → holiday → 调休 → rest. */
export function toggleDay(day: string, calendar: YearDays): YearDays {
  const holidays = calendar.holidays.filter((d) => d !== day)
  const workdays = calendar.workdays.filter((d) => d !== day)
  const kind = dayKind(day, calendar)
  if (kind === 'workday' || kind === 'rest') holidays.push(day)
  else if (kind === 'holiday' && isWeekend(day)) workdays.push(day)
  return { holidays: holidays.sort(), workdays: workdays.sort() }
}

export interface MonthGrid {
  month: number
  /** Leading blanks (Monday first), then the days. */
  cells: (string | null)[]
}

export function monthGrids(year: number): MonthGrid[] {
  const grids: MonthGrid[] = []
  for (const day of daysOfYear(year)) {
    const month = Number(day.slice(5, 7))
    let grid = grids[month - 1]
    if (!grid) {
      const monday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7
      grid = grids[month - 1] = { month, cells: Array(monday).fill(null) }
    }
    grid.cells.push(day)
  }
  return grids
}

/** Where the calendar in force came from, in the words the city office uses. */
export const SOURCE_NAMES: Record<string, string> = {
  official: '官方日历',
  entered: '已录入',
  provisional: '暂定（尚无官方通知）',
  unknown: '尚无日历',
}
