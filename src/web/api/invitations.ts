import type { SessionAnswer } from '../../shared/api/auth';
import type { AcceptInput, InvitationSummary, InviteInput } from '../../shared/api/invitations';
import type { User } from '../../shared/api/users';
import { api } from './client';

const userPath = (id: string, action: string) => `/api/v1/users/${encodeURIComponent(id)}/${action}`;

export function inviteUser(input: InviteInput): Promise<User> {
  return api.post<User>('/api/v1/invitations', input);
}

export function resendInvitation(id: string): Promise<User> {
  return api.post<User>(userPath(id, 'resend'));
}

export function revokeInvitation(id: string): Promise<User> {
  return api.post<User>(userPath(id, 'revoke'));
}

// The token travels only in request bodies: never in a query string, a log or a link.

export function lookupInvitation(token: string, signal?: AbortSignal): Promise<InvitationSummary> {
  return api.post<InvitationSummary>('/api/v1/invitations/lookup', { token }, { signal, redirectOn401: false });
}

export function acceptInvitation(input: AcceptInput): Promise<SessionAnswer> {
  return api.post<SessionAnswer>('/api/v1/invitations/accept', input, { redirectOn401: false });
}
