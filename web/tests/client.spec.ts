import { describe, expect, it } from 'vitest'
import { allItems, ApiError, unwrap } from '@/api/client'
import { evidenceLines } from '@/utils/evidence'

describe('the API client', () => {
  it('turns an error envelope into an ApiError with the Chinese message', async () => {
    const envelope = { error: { code: 'NOT_YOUR_STEP', message: '这一步不由您审批', message_en: 'not your step', details: { rule: 'LV-4' } } }
    const call = Promise.resolve({ error: envelope, response: new Response(null, { status: 403 }) })
    const error = (await unwrap(call).catch((e: unknown) => e)) as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect([error.status, error.code, error.message, error.details.rule]).toEqual([403, 'NOT_YOUR_STEP', '这一步不由您审批', 'LV-4'])
  })

  it('answers the data of a success', async () => {
    expect(await unwrap(Promise.resolve({ data: { id: 3 }, response: new Response(null, { status: 200 }) }))).toEqual({ id: 3 })
  })

  it('follows next_cursor through every page of a list', async () => {
    const pages: Record<string, { items: number[]; next_cursor: string | null }> = {
      first: { items: [1, 2], next_cursor: 'b' },
      b: { items: [3], next_cursor: null },
    }
    expect(await allItems(async (cursor) => pages[cursor ?? 'first'])).toEqual([1, 2, 3])
  })

  it('reads a recall case\'s evidence as lines', () => {
    expect(evidenceLines({ length: 15, absent_days: ['2026-03-02', '2026-03-03'] })).toEqual([
      { label: '连续天数', text: '15' },
      { label: '缺勤日期', text: '2个：2026-03-02、2026-03-03' },
    ])
  })
})
