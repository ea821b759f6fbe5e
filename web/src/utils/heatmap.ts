// A cadre's year as a heat map (ECharts calendar): one cell per closed day, coloured by status.
import { DAY_STATUS_COLOURS, DAY_STATUS_NAMES, DAY_STATUSES, type DayStatus } from './labels'

export interface ClosedDay {
  date?: string
  status?: string
  on_duty?: boolean
  provisional?: boolean
}

export type StatusCounts = Record<DayStatus, number>

/** How many closed days of each status (days outside the posting count nowhere, RULES.md §2). */
export function countStatuses(days: ClosedDay[]): StatusCounts {
  const counts = Object.fromEntries(DAY_STATUSES.map((s) => [s, 0])) as StatusCounts
  for (const day of days) {
    if (day.status && day.status in counts) counts[day.status as DayStatus] += 1
  }
  return counts
}

/** The ECharts option: a calendar of the year, a heat-map series, a legend with the counts. */
export function heatmapOption(year: number, days: ClosedDay[]) {
  const counts = countStatuses(days)
  const data = days
    .filter((d) => d.date && d.status && d.status in counts)
    .map((d) => [d.date, DAY_STATUSES.indexOf(d.status as DayStatus), d.provisional ? 1 : 0, d.on_duty ? 1 : 0])
  return {
    tooltip: {
      formatter: (p: { value: [string, number, number, number] }) => {
        const [date, index, provisional, onDuty] = p.value
        const notes = [onDuty ? '值班日' : '', provisional ? '待定（72小时内可补传）' : ''].filter(Boolean).join('，')
        return `${date} ${DAY_STATUS_NAMES[DAY_STATUSES[index]]}${notes ? `（${notes}）` : ''}`
      },
    },
    visualMap: {
      type: 'piecewise',
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      dimension: 1,
      pieces: DAY_STATUSES.map((status, index) => ({
        value: index,
        label: `${DAY_STATUS_NAMES[status]} ${counts[status]}天`,
        color: DAY_STATUS_COLOURS[status],
      })),
    },
    calendar: {
      range: String(year),
      top: 30,
      left: 40,
      right: 20,
      cellSize: ['auto', 16],
      dayLabel: { firstDay: 1, nameMap: 'ZH' },
      monthLabel: { nameMap: 'ZH' },
      yearLabel: { show: false },
      itemStyle: { borderColor: '#fff', borderWidth: 2, color: '#f5f6f8' },
      splitLine: { lineStyle: { color: '#e4e7ed' } },
    },
    series: [{ type: 'heatmap', coordinateSystem: 'calendar', data }],
  }
}
