// The boards (VIEW-1, VIEW-2): a whole scope in one request, its items paged; totals come with page one.
import { client, unwrap, type Schemas } from './client'

export interface Place {
  town_id?: number
  village_id?: number
}

type Paged = { items?: unknown[]; next_cursor?: string | null }

/**
 * Follow ``next_cursor`` page by page, handing the board read so far to ``onPage`` after each page
 * (the first page at once, so a page can show its first rows before the last page is in): the first
 * page's other fields (totals) are kept, ``done`` is true with the last page. ``onPage`` returning
 * ``false`` stops the reading (the page asked for another board meanwhile).
 */
export async function boardPages<B extends Paged>(
  page: (cursor?: string) => Promise<B>,
  onPage: (board: B, done: boolean) => boolean | void,
): Promise<B> {
  const first = await page()
  const items = [...(first.items ?? [])]
  let cursor = first.next_cursor
  const sofar = () => ({ ...first, items: [...items], next_cursor: null }) as B
  if (onPage(sofar(), !cursor) === false) return sofar()
  while (cursor) {
    const next = await page(cursor)
    items.push(...(next.items ?? []))
    cursor = next.next_cursor
    if (onPage(sofar(), !cursor) === false) break
  }
  return sofar()
}

/** Follow ``next_cursor`` until the last page; the first page's other fields (totals) are kept. */
export function wholeBoard<B extends Paged>(page: (cursor?: string) => Promise<B>): Promise<B> {
  return boardPages(page, () => {})
}

export const todayBoard = (place: Place): Promise<Schemas['TodayBoard']> =>
  wholeBoard((cursor) =>
    unwrap(client.GET('/api/v1/boards/today', { params: { query: { ...place, cursor, limit: 500 } } })),
  )

const periodPage = (place: Place, year: number, month?: number) => (cursor?: string) =>
  unwrap(client.GET('/api/v1/boards/period', {
    params: { query: { ...place, year, month, sort: 'risk', cursor, limit: 500 } },
  }))

export const periodBoard = (place: Place, year: number, month?: number): Promise<Schemas['PeriodBoard']> =>
  wholeBoard(periodPage(place, year, month))

/** The period board page by page in the API's ``sort=risk`` order, riskiest first (see ``boardPages``). */
export const periodBoardPages = (
  place: Place, year: number, month: number | undefined,
  onPage: (board: Schemas['PeriodBoard'], done: boolean) => boolean | void,
): Promise<Schemas['PeriodBoard']> => boardPages(periodPage(place, year, month), onPage)
