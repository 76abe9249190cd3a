import type { SsoSettingsInput, SsoSettingsView } from '../../shared/api/sso';
import { api } from './client';

export function fetchSsoSettings(signal?: AbortSignal): Promise<SsoSettingsView> {
  return api.get<SsoSettingsView>('/api/v1/sso', { signal });
}

export function saveSsoSettings(input: SsoSettingsInput): Promise<SsoSettingsView> {
  return api.put<SsoSettingsView>('/api/v1/sso', input);
}

/** Where a browser goes to sign in with a workspace's SSO (a page navigation, not an API call). */
export function ssoStartUrl(args: { workspaceId?: string; invitationToken?: string }): string {
  const params = new URLSearchParams();
  if (args.workspaceId) params.set('workspace', args.workspaceId);
  if (args.invitationToken) params.set('invitation', args.invitationToken);
  return `/auth/sso/start?${params.toString()}`;
}
