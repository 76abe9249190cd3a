import { api } from './client';
import type { Me, SessionAnswer } from './types';

export type SignupInput = { workspaceName: string; name: string; email: string; password: string };
export type LoginInput = { email: string; password: string };

export function signup(input: SignupInput): Promise<SessionAnswer> {
  return api.post<SessionAnswer>('/api/v1/auth/signup', input, { redirectOn401: false });
}

export function login(input: LoginInput): Promise<SessionAnswer> {
  return api.post<SessionAnswer>('/api/v1/auth/login', input, { redirectOn401: false });
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
