// The boards (VIEW-1, VIEW-2): a whole scope in one request, its items paged; totals come with page one.
import { client, unwrap, type Schemas } from './client'

export interface Place {
  town_id?: number
  village_id?: number
}

/** Follow ``next_cursor`` until the last page; the first page's other fields (totals) are kept. */
export async function wholeBoard<B extends { items?: unknown[]; next_cursor?: string | null }>(
  page: (cursor?: string) => Promise<B>,
): Promise<B> {
  const first = await page()
  const items = [...(first.items ?? [])]
  for (let cursor = first.next_cursor; cursor; ) {
    const next = await page(cursor)
    items.push(...(next.items ?? []))
    cursor = next.next_cursor
  }
  return { ...first, items, next_cursor: null }
}

export const todayBoard = (place: Place): Promise<Schemas['TodayBoard']> =>
  wholeBoard((cursor) =>
    unwrap(client.GET('/api/v1/boards/today', { params: { query: { ...place, cursor, limit: 500 } } })),
  )

export const periodBoard = (place: Place, year: number, month?: number): Promise<Schemas['PeriodBoard']> =>
  wholeBoard((cursor) =>
    unwrap(client.GET('/api/v1/boards/period', {
      params: { query: { ...place, year, month, sort: 'risk', cursor, limit: 500 } },
    })),
  )
