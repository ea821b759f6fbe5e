import { describe, expect, it } from 'vitest'
import { wholeBoard } from '@/api/boards'

describe('VIEW-1/VIEW-2: a board is read whole', () => {
  it('follows next_cursor for the items and keeps the first page\'s totals', async () => {
    const pages: Record<string, { totals: { cadres: number }; items: number[]; next_cursor: string | null }> = {
      first: { totals: { cadres: 3 }, items: [1, 2], next_cursor: 'b' },
      b: { totals: { cadres: 3 }, items: [3], next_cursor: null },
    }
    const asked: (string | undefined)[] = []
    const board = await wholeBoard(async (cursor) => {
      asked.push(cursor)
      return pages[cursor ?? 'first']
    })
    expect(board).toEqual({ totals: { cadres: 3 }, items: [1, 2, 3], next_cursor: null })
    expect(asked).toEqual([undefined, 'b'])
  })
})
