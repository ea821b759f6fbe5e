// The directory within the caller's scope (ORG-2) and the organisation import (ORG-1..4).
import { allItems, client, unwrap } from './client'

export const people = () =>
  allItems((cursor) => unwrap(client.GET('/api/v1/people', { params: { query: { cursor, limit: 500 } } })))

export const villages = () =>
  allItems((cursor) => unwrap(client.GET('/api/v1/villages', { params: { query: { cursor, limit: 500 } } })))

export const importOrg = (document: Record<string, unknown>) =>
  unwrap(client.POST('/api/v1/admin/org-import', { body: document as Record<string, never> }))
