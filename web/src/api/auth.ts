// Sign-in by QR code (API.md /auth/web-sessions) and the caller's profile.
import { client, unwrap } from './client'

export const startSignIn = () => unwrap(client.POST('/api/v1/auth/web-sessions'))

/** The poll: `pending`, then the token once; 404 when expired or used, 403 for a member. */
export const pollSignIn = (nonce: string) =>
  unwrap(client.GET('/api/v1/auth/web-sessions/{nonce}', { params: { path: { nonce } } }))

export const signOut = () => unwrap(client.DELETE('/api/v1/auth/web-sessions/current'))

export const me = () => unwrap(client.GET('/api/v1/me'))
