// Roll calls (随机点名, INSPECT-1) and the oversight duties per period (INSPECT-2, VISIT-1).
import { client, unwrap, type Schemas } from './client'

export type RollCall = Schemas['RollCallOut']
export type CalledStatus = NonNullable<Schemas['CalledOut']['status']>
export type DutyStatus = NonNullable<Schemas['DutyRowOut']['status']>
export type DutyKind = NonNullable<Schemas['DutyRowOut']['duty']>

/** INSPECT-1: call the chosen cadres, or ``draw`` cadres at random among those expected in the village now. */
export const startRollCall = (body: Schemas['RollCallIn']) => unwrap(client.POST('/api/v1/roll-calls', { body }))

export const rollCall = (id: number) =>
  unwrap(client.GET('/api/v1/roll-calls/{call_id}', { params: { path: { call_id: id } } }))

export const rollCalls = (cursor?: string) =>
  unwrap(client.GET('/api/v1/roll-calls', { params: { query: { cursor, limit: 20 } } }))

export const duties = (query: { year?: number; status?: DutyStatus; duty?: DutyKind; cursor?: string }) =>
  unwrap(client.GET('/api/v1/oversight/duties', { params: { query: { ...query, limit: 200 } } }))

/** A call is open until the close job records the silent (``closed_at``); its answers may still arrive. */
export const isOpen = (call: RollCall | null | undefined) => !!call && !call.closed_at

/** How many of a call answered, out of how many called. */
export function tally(call: RollCall): { answered: number; silent: number; waiting: number; total: number } {
  const people = call.people ?? []
  const count = (s: CalledStatus) => people.filter((p) => p.status === s).length
  return { answered: count('answered'), silent: count('silent'), waiting: count('waiting'), total: people.length }
}
