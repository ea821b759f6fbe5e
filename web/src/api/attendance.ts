// A cadre's year: summary (ATT-1..4), closed day statuses (RULES.md §2), check-ins, logs.
import { allItems, client, unwrap } from './client'

export const summary = (personId: number, year: number) =>
  unwrap(client.GET('/api/v1/attendance/summary', { params: { query: { person_id: personId, year } } }))

export const yearDays = (personId: number, year: number) =>
  allItems((cursor) =>
    unwrap(client.GET('/api/v1/attendance/days', {
      params: { query: { person_id: personId, from: `${year}-01-01`, to: `${year}-12-31`, cursor, limit: 500 } },
    })),
  )

export const checkins = (personId: number, from: string, to: string, cursor?: string) =>
  unwrap(client.GET('/api/v1/checkins', { params: { query: { person_id: personId, from, to, cursor, limit: 100 } } }))

/** Every log of the period (a year has at most 366), newest first. */
export const logs = async (personId: number, from: string, to: string) =>
  (await allItems((cursor) =>
    unwrap(client.GET('/api/v1/logs', { params: { query: { person_id: personId, from, to, cursor, limit: 500 } } })),
  )).reverse()

export const commentOnLog = (personId: number, day: string, body: string) =>
  unwrap(client.POST('/api/v1/logs/{person_id}/{day}/comments', {
    params: { path: { person_id: personId, day } },
    body: { body },
  }))
