// The city office's settings: the official calendar (DUTY-4) and failed deliveries (ALERT-1).
import { client, unwrap } from './client'

export const calendar = (year: number) =>
  unwrap(client.GET('/api/v1/admin/calendar/{year}', { params: { path: { year } } }))

export const saveCalendar = (year: number, holidays: string[], workdays: string[], note: string | null) =>
  unwrap(client.PUT('/api/v1/admin/calendar/{year}', { params: { path: { year } }, body: { holidays, workdays, note } }))

export type DeliveryStatus = 'pending' | 'sent' | 'failed'

export const deliveries = (status: DeliveryStatus | undefined, cursor?: string) =>
  unwrap(client.GET('/api/v1/admin/deliveries', { params: { query: { status, cursor, limit: 100 } } }))

export const retryDelivery = (id: number) =>
  unwrap(client.POST('/api/v1/admin/deliveries/{delivery_id}/retry', { params: { path: { delivery_id: id } } }))
