// Annual assessment (ASSESS-1): the rows with suggested and final grades; the city office grades.
import { client, unwrap } from './client'

export const GRADES = ['优秀', '称职', '基本称职', '不称职'] as const
export type Grade = (typeof GRADES)[number]

export const assessments = (query: { year: number; cursor?: string }) =>
  unwrap(client.GET('/api/v1/assessments', { params: { query: { ...query, limit: 100 } } }))

export const recordGrade = (
  personId: number,
  year: number,
  body: { grade: Grade; comment?: string; correction?: boolean; reason?: string },
) =>
  unwrap(client.PUT('/api/v1/assessments/{person_id}/{year}', {
    params: { path: { person_id: personId, year } },
    body: { grade: body.grade, comment: body.comment ?? null, correction: body.correction ?? false, reason: body.reason ?? null },
  }))
