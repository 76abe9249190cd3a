import type { ResendAnswer, ResetInput, ResetLookup } from '../../shared/api/account-recovery';
import type { Me } from '../../shared/api/auth';
import { api, isApiError } from './client';

// Tokens travel only in request bodies: never in a query string, a log or a link to another page.

/** Always answers 202, whether or not an account has this email. */
export function forgotPassword(email: string): Promise<void> {
  return api.post<void>('/api/v1/auth/password/forgot', { email }, { redirectOn401: false });
}

export function lookupPasswordReset(token: string, signal?: AbortSignal): Promise<ResetLookup> {
  return api.post<ResetLookup>('/api/v1/auth/password/reset/lookup', { token }, { signal, redirectOn401: false });
}

export function resetPassword(input: ResetInput): Promise<void> {
  return api.post<void>('/api/v1/auth/password/reset', input, { redirectOn401: false });
}

const verifications = new Map<string, Promise<void>>();

/**
 * Verifies an email with its link. A link works once, so the page's effect (which React may run
 * twice) shares one request per token.
 */
export function verifyEmail(token: string): Promise<void> {
  let pending = verifications.get(token);
  if (!pending) {
    pending = api.post<void>('/api/v1/auth/verify-email', { token }, { redirectOn401: false });
    verifications.set(token, pending);
    // A failed attempt (a lost connection) may be tried again; a spent link answers 410 anyway.
    pending.catch(() => verifications.delete(token));
  }
  return pending;
}

export function resendVerificationEmail(): Promise<ResendAnswer> {
  return api.post<ResendAnswer>('/api/v1/auth/verify-email/resend');
}

/** The signed-in person, or null without a session (no redirect to sign-in: the caller is a public page). */
export async function fetchMeIfSignedIn(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/v1/me', { signal, redirectOn401: false });
  } catch (error) {
    if (isApiError(error, 'unauthenticated')) return null;
    throw error;
  }
}
