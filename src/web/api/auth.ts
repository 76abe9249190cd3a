import type { LoginAnswer, LoginInput, Me, SessionAnswer, SignupInput } from '../../shared/api/auth';
import { api } from './client';

export function signup(input: SignupInput): Promise<SessionAnswer> {
  return api.post<SessionAnswer>('/api/v1/auth/signup', input, { redirectOn401: false });
}

export function login(input: LoginInput): Promise<LoginAnswer> {
  return api.post<LoginAnswer>('/api/v1/auth/login', input, { redirectOn401: false });
}

export function logout(): Promise<void> {
  return api.post<void>('/api/v1/auth/logout', undefined, { redirectOn401: false });
}

export function switchWorkspace(workspaceId: string): Promise<SessionAnswer> {
  return api.post<SessionAnswer>('/api/v1/auth/switch', { workspaceId });
}

export function fetchMe(signal?: AbortSignal): Promise<Me> {
  return api.get<Me>('/api/v1/me', { signal });
}
