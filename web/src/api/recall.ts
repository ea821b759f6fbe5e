// Recall cases (RECALL-1/2): the city office confirms or dismisses; a town secretary reads.
import { client, unwrap } from './client'

export type CaseStatus = 'open' | 'confirmed' | 'dismissed'

export const cases = (query: { status?: CaseStatus; year?: number; cursor?: string }) =>
  unwrap(client.GET('/api/v1/recall-cases', { params: { query: { ...query, limit: 100 } } }))

export const decide = (id: number, confirm: boolean, reason: string) =>
  confirm
    ? unwrap(client.POST('/api/v1/recall-cases/{case_id}/confirm', { params: { path: { case_id: id } }, body: { reason } }))
    : unwrap(client.POST('/api/v1/recall-cases/{case_id}/dismiss', { params: { path: { case_id: id } }, body: { reason } }))
