// Attendance corrections (补卡, CHK-9): decisions from the approver's queue, and photos (VIEW-3).
import { client, unwrap } from './client'

export const approveCorrection = (id: number, comment: string | null) =>
  unwrap(client.POST('/api/v1/corrections/{correction_id}/approve', {
    params: { path: { correction_id: id } },
    body: { comment },
  }))

export const rejectCorrection = (id: number, comment: string) =>
  unwrap(client.POST('/api/v1/corrections/{correction_id}/reject', {
    params: { path: { correction_id: id } },
    body: { comment },
  }))

/** VIEW-3: a photo as an object URL (the API needs the bearer token, which an <img src> cannot send). */
export async function photoUrl(id: number, thumb: boolean): Promise<string> {
  const { data, response } = await client.GET('/api/v1/uploads/{upload_id}', {
    params: { path: { upload_id: id }, query: thumb ? { size: 'thumb' } : {} },
    parseAs: 'blob',
  })
  if (!response.ok || !data) throw new Error(`照片无法显示（${response.status}）`)
  return URL.createObjectURL(data as Blob)
}
