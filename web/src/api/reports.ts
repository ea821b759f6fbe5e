// Reporting duties (REPORT-1) and Excel exports (REPORT-2).
import { ApiError, client, unwrap } from './client'

export type DutyState = 'done' | 'due' | 'overdue'

export const duties = (query: { year?: number; state?: DutyState; village_id?: number; cursor?: string }) =>
  unwrap(client.GET('/api/v1/work-reports', { params: { query: { ...query, limit: 500 } } }))

/** The Chinese file name of a download: RFC 5987 ``filename*=UTF-8''…``, else the plain one. */
export function downloadName(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')
  if (star) return decodeURIComponent(star[1])
  const plain = /filename="?([^";]+)"?/i.exec(disposition ?? '')
  return plain ? plain[1] : fallback
}

/** REPORT-2: the monthly attendance sheet (.xlsx) of the caller's town or the city, with its name. */
export async function monthlySheet(year: number, month: number, townId?: number): Promise<{ blob: Blob; name: string }> {
  const { data, error, response } = await client.GET('/api/v1/exports/monthly-sheet', {
    params: { query: { year, month, town_id: townId } },
    parseAs: 'blob',
  })
  if (!response.ok || !data) {
    // an error answer is the JSON envelope, read here as a blob
    const body = error instanceof Blob ? JSON.parse(await error.text()) : error
    throw new ApiError(response.status, body)
  }
  return { blob: data as Blob, name: downloadName(response.headers.get('Content-Disposition'), `${year}-${month}.xlsx`) }
}

/** Hand a downloaded file to the browser under its name. */
export function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
