// Dates as the API writes them: YYYY-MM-DD in Asia/Shanghai; times shown in Beijing time.

const TZ = 'Asia/Shanghai'

/** Today's date in Asia/Shanghai, as YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

export function thisYear(now: Date = new Date()): number {
  return Number(today(now).slice(0, 4))
}

/** Every date of a year, as YYYY-MM-DD. */
export function daysOfYear(year: number): string[] {
  const days: string[] = []
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10))
  }
  return days
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7
}

export const isWeekend = (day: string) => weekday(day) >= 5

/** An instant (ISO 8601 with offset) in Beijing time: 2026-03-02 08:15. */
export function formatTime(instant: string | null | undefined): string {
  if (!instant) return ''
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).formatToParts(new Date(instant))
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`
}

/** 3月2日 (a date of the year, as a person reads it). */
export function formatDay(day: string): string {
  const [, month, date] = day.split('-').map(Number)
  return `${month}月${date}日`
}
