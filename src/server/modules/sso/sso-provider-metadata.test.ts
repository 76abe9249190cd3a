import type { ServerMetadata } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { AllowedHosts } from '../../lib/outbound-guard.js';
import { checkProviderMetadata } from './sso-provider-metadata.js';

const none = new AllowedHosts([]);

function metadata(overrides: Partial<Record<string, unknown>> = {}): ServerMetadata {
  return {
    issuer: 'https://login.example.com',
    authorization_endpoint: 'https://login.example.com/authorize',
    token_endpoint: 'https://login.example.com/token',
    userinfo_endpoint: 'https://login.example.com/userinfo',
    jwks_uri: 'https://login.example.com/jwks',
    ...overrides,
  } as ServerMetadata;
}

describe('checkProviderMetadata', () => {
  it('accepts public https endpoints, the token and key endpoints on other hosts (as Google does)', () => {
    expect(checkProviderMetadata(metadata(), none)).toBeNull();
    expect(
      checkProviderMetadata(
        metadata({
          issuer: 'https://accounts.google.com',
          authorization_endpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
          token_endpoint: 'https://oauth2.googleapis.com/token',
          userinfo_endpoint: 'https://openidconnect.googleapis.com/v1/userinfo',
          jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs',
        }),
        none,
      ),
    ).toBeNull();
    expect(checkProviderMetadata(metadata({ userinfo_endpoint: undefined, jwks_uri: undefined }), none)).toBeNull();
  });

  it('refuses an authorization endpoint on another host, unless that host is allowed', () => {
    const evil = metadata({ authorization_endpoint: 'https://evil.example/authorize' });
    expect(checkProviderMetadata(evil, none)).toEqual({
      field: 'authorization_endpoint',
      message: "The provider's authorization endpoint is not on the issuer's host.",
    });
    // Another port is another host.
    const port = metadata({ authorization_endpoint: 'https://login.example.com:8443/authorize' });
    expect(checkProviderMetadata(port, none)?.field).toBe('authorization_endpoint');
    expect(checkProviderMetadata(evil, new AllowedHosts(['evil.example']))).toBeNull();
  });

  it('refuses http:// and non-public IP literals in every endpoint it uses, naming the field', () => {
    const cases: [string, string, string][] = [
      ['issuer', 'http://login.example.com', "The provider's issuer must be an https:// URL."],
      [
        'authorization_endpoint',
        'http://login.example.com/a',
        "The provider's authorization endpoint must be an https:// URL.",
      ],
      ['token_endpoint', 'http://login.example.com/t', "The provider's token endpoint must be an https:// URL."],
      ['token_endpoint', 'https://169.254.169.254/t', "The provider's token endpoint is not on a public address."],
      ['token_endpoint', 'https://[::ffff:10.0.0.1]/t', "The provider's token endpoint is not on a public address."],
      ['userinfo_endpoint', 'https://0x7f000001/u', "The provider's userinfo endpoint is not on a public address."],
      ['jwks_uri', 'https://192.168.0.10/jwks', "The provider's key set (jwks_uri) is not on a public address."],
      ['jwks_uri', 'file:///etc/passwd', "The provider's key set (jwks_uri) must be an https:// URL."],
      ['token_endpoint', 'not a url', "The provider's token endpoint is not a valid URL."],
    ];
    for (const [field, value, message] of cases) {
      expect(checkProviderMetadata(metadata({ [field]: value }), none), `${field}=${value}`).toEqual({
        field,
        message,
      });
    }
  });

  it('requires the authorization and token endpoints', () => {
    expect(checkProviderMetadata(metadata({ authorization_endpoint: undefined }), none)?.message).toBe(
      "The provider's discovery document has no authorization endpoint.",
    );
    expect(checkProviderMetadata(metadata({ token_endpoint: undefined }), none)?.field).toBe('token_endpoint');
  });

  it('lets endpoints on an allowed host use http and a private address', () => {
    const allowed = new AllowedHosts(['idp.corp:8080']);
    const internal = metadata({
      issuer: 'http://idp.corp:8080/realms/sales',
      authorization_endpoint: 'http://idp.corp:8080/realms/sales/auth',
      token_endpoint: 'http://idp.corp:8080/realms/sales/token',
      userinfo_endpoint: 'http://idp.corp:8080/realms/sales/userinfo',
      jwks_uri: 'http://idp.corp:8080/realms/sales/certs',
    });
    expect(checkProviderMetadata(internal, allowed)).toBeNull();
    expect(checkProviderMetadata(internal, none)?.message).toBe("The provider's issuer must be an https:// URL.");
  });
});
