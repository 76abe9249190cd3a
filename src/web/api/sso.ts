import { api } from './client';

/** GET /api/v1/sso: the client secret itself never comes back, only whether one is saved. */
export type SsoSettings = {
  enabled: boolean;
  issuer: string | null;
  clientId: string | null;
  clientSecretSet: boolean;
  requireForNonAdmins: boolean;
  redirectUri: string;
  signInUrl: string;
  canSave: boolean;
  updatedAt: string | null;
};

/** PUT /api/v1/sso: leave `clientSecret` out to keep the saved one. */
export type SsoSettingsInput = {
  enabled: boolean;
  issuer: string;
  clientId: string;
  clientSecret?: string;
  requireForNonAdmins: boolean;
};

export const ssoQueryKey = ['sso'] as const;

export function fetchSsoSettings(signal?: AbortSignal): Promise<SsoSettings> {
  return api.get<SsoSettings>('/api/v1/sso', { signal });
}

export function saveSsoSettings(input: SsoSettingsInput): Promise<SsoSettings> {
  return api.put<SsoSettings>('/api/v1/sso', input);
}

/** Where a browser goes to sign in with a workspace's SSO (a page navigation, not an API call). */
export function ssoStartUrl(args: { workspaceId?: string; invitationToken?: string }): string {
  const params = new URLSearchParams();
  if (args.workspaceId) params.set('workspace', args.workspaceId);
  if (args.invitationToken) params.set('invitation', args.invitationToken);
  return `/auth/sso/start?${params.toString()}`;
}
