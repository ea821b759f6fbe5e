// Leave and official trips: the approver's queue and decisions (LV-1..8).
import { client, unwrap } from './client'

export const pendingApprovals = (cursor?: string) =>
  unwrap(client.GET('/api/v1/approvals/pending', { params: { query: { cursor, limit: 100 } } }))

export const approve = (id: number, comment: string | null) =>
  unwrap(client.POST('/api/v1/leave-requests/{request_id}/approve', {
    params: { path: { request_id: id } },
    body: { comment },
  }))

export const reject = (id: number, comment: string) =>
  unwrap(client.POST('/api/v1/leave-requests/{request_id}/reject', {
    params: { path: { request_id: id } },
    body: { comment },
  }))

export const personRequests = (personId: number, from: string, to: string, cursor?: string) =>
  unwrap(client.GET('/api/v1/leave-requests', {
    params: { query: { person_id: personId, from, to, cursor, limit: 200 } },
  }))
