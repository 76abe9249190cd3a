import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { recordSecret } from './secrets-audit.js';

/** What the provider says about a person: `sub` is the account id used to sign in at it. */
export type ProviderClaims = { email?: string; email_verified?: boolean; name?: string };

export type TestOidcProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People who can sign in at the provider, by subject; change them between tests freely. */
  accounts: Map<string, ProviderClaims>;
  close(): Promise<void>;
};

/**
 * A real OpenID Connect provider (oidc-provider, in-memory adapter, development interactions) on
 * 127.0.0.1 and a random port, with one confidential client whose redirect URI is `redirectUri`.
 */
export async function startOidcProvider(options: { redirectUri: string }): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'salesos-test';
  const clientSecret = `test-client-secret-${crypto.randomUUID()}`;
  recordSecret(clientSecret);
  const accounts = new Map<string, ProviderClaims>();

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx, id) {
      const claims = accounts.get(id);
      if (!claims) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...claims }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: [`cookie-key-${crypto.randomUUID()}`] },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    // A first-party client: no consent screen, the grant covers what SalesOS asks for.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        accountId: ctx.oidc.session.accountId,
        clientId: ctx.oidc.client.clientId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser at the provider: its own cookies, redirects followed by hand. */
export class ProviderBrowser {
  private readonly cookies = new Map<string, string>();

  private async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /**
   * Follows the authorization request through the provider's sign-in form as `accountId`, and
   * returns the URL the provider sends the browser back to (the SalesOS callback, with code and
   * state). The code and state are recorded as secrets for the log audit.
   */
  async signIn(authorizationUrl: string, accountId: string, redirectUri: string): Promise<URL> {
    let url = authorizationUrl;
    for (let hop = 0; hop < 10; hop += 1) {
      if (url.startsWith(redirectUri)) {
        const back = new URL(url);
        recordSecret(back.searchParams.get('code'));
        recordSecret(back.searchParams.get('state'));
        return back;
      }
      const page = await this.fetch(url);
      const location = page.headers.get('location');
      if (location) {
        await page.arrayBuffer();
        url = new URL(location, url).href;
        continue;
      }
      const html = await page.text();
      if (page.status !== 200 || !/name="prompt" value="login"/.test(html)) {
        throw new Error(`unexpected page at the provider (${page.status}): ${html.slice(0, 300)}`);
      }
      // The development sign-in form: any password, the login is the account id.
      const submitted = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ prompt: 'login', login: accountId, password: 'any' }).toString(),
      });
      const next = submitted.headers.get('location');
      if (!next) throw new Error(`the provider's sign-in form did not redirect (${submitted.status})`);
      await submitted.arrayBuffer();
      url = new URL(next, url).href;
    }
    throw new Error('too many redirects at the provider');
  }
}
