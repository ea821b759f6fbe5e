import { describe, expect, it } from 'vitest'
import { downloadName } from '@/api/reports'

describe('REPORT-2: the Chinese file name of an export', () => {
  it('reads the RFC 5987 name before the ASCII fallback', () => {
    const header = "attachment; filename=202611.xlsx; filename*=UTF-8''%E9%AB%98%E5%AE%B6%E5%A0%A1%E9%95%872026%E5%B9%B411%E6%9C%88%E9%A9%BB%E6%9D%91%E8%80%83%E5%8B%A4%E8%A1%A8.xlsx"
    expect(downloadName(header, 'x.xlsx')).toBe('高家堡镇2026年11月驻村考勤表.xlsx')
  })

  it('falls back to the plain name, then to the given one', () => {
    expect(downloadName('attachment; filename="sheet.xlsx"', 'x.xlsx')).toBe('sheet.xlsx')
    expect(downloadName(null, 'x.xlsx')).toBe('x.xlsx')
  })
})
