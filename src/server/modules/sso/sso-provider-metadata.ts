import type { ServerMetadata } from 'openid-client';
import { type AllowedHosts, checkOutboundUrl } from '../../lib/outbound-guard.js';

/**
 * What a discovery document may name. Every endpoint SalesOS uses must be https (unless its host
 * is in SSO_ALLOWED_HOSTS) and not an IP literal outside the public internet; names are checked
 * again when connecting (lib/outbound-guard.ts). The authorization endpoint is where browsers are
 * redirected, which no connection check can cover: it must be on the issuer's host, or an
 * allowed one, or the start link would redirect anyone anywhere.
 */

const ENDPOINTS = [
  { field: 'issuer', label: 'issuer', required: true },
  { field: 'authorization_endpoint', label: 'authorization endpoint', required: true },
  { field: 'token_endpoint', label: 'token endpoint', required: true },
  { field: 'userinfo_endpoint', label: 'userinfo endpoint', required: false },
  { field: 'jwks_uri', label: 'key set (jwks_uri)', required: false },
] as const;

export type MetadataProblem = { field: string; message: string };

/** The first thing wrong with a provider's metadata, in words an admin can act on; null when none. */
export function checkProviderMetadata(metadata: ServerMetadata, allowed: AllowedHosts): MetadataProblem | null {
  const issuer = new URL(metadata.issuer);
  for (const { field, label, required } of ENDPOINTS) {
    const value = metadata[field];
    if (value === undefined || value === null) {
      if (required) return { field, message: `The provider's discovery document has no ${label}.` };
      continue;
    }
    let url: URL;
    try {
      url = new URL(String(value));
    } catch {
      return { field, message: `The provider's ${label} is not a valid URL.` };
    }
    const refused = checkOutboundUrl(url, allowed);
    if (refused?.reason === 'not_https') return { field, message: `The provider's ${label} must be an https:// URL.` };
    if (refused) return { field, message: `The provider's ${label} is not on a public address.` };
    if (field === 'authorization_endpoint' && url.host !== issuer.host && !allowed.allowsUrl(url)) {
      return { field, message: `The provider's ${label} is not on the issuer's host.` };
    }
  }
  return null;
}
