import * as oidc from 'openid-client';
import type { SsoSettingsInput, SsoSettingsView } from '../../../shared/api/sso.js';
import type { AppContext, AuthContext, ClientMeta } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import type { Row } from '../../db/schema.js';
import { AppError, validationError } from '../../lib/app-error.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { AllowedHosts, checkOutboundUrl, createOutboundGuard, outboundRefusalOf } from '../../lib/outbound-guard.js';
import { openSecret, SecretBoxError, sealSecret } from '../../lib/secret-box.js';
import { hashSecret, newSecret, safeEqual } from '../../lib/secrets.js';
import { isoAfterSeconds, nowIso } from '../../lib/time.js';
import { type AuditActor, actorOf, recordAudit, userTarget } from '../audit/audit.js';
import { authRepository } from '../auth/auth.repository.js';
import type { AuthService, NewSession } from '../auth/auth.service.js';
import { hitRateLimit } from '../auth/rate-limiter.js';
import { invitationsRepository } from '../invitations/invitations.repository.js';
import type { createInvitationsService } from '../invitations/invitations.service.js';
import { ssoRepository } from './sso.repository.js';
import { checkProviderMetadata, type MetadataProblem } from './sso-provider-metadata.js';

/** How long a sign-in may take at the provider; also the life of the browser-binding cookie. */
export const SSO_ATTEMPT_TTL_SECONDS = 10 * 60;
const DISCOVERY_CACHE_MS = 10 * 60 * 1000;
const DISCOVERY_TIMEOUT_SECONDS = 10;
const START_LIMIT = { max: 60, windowSeconds: 15 * 60 };
const SCOPE = 'openid email profile';

/** The short-lived cookie that ties a callback to the browser that started the sign-in. */
export function ssoCookieName(secure: boolean): string {
  return secure ? '__Host-salesos_sso' : 'salesos_sso';
}

/**
 * Why an SSO sign-in stopped: `detail` is shown to the person as it is, `reason` goes to the log
 * and the audit log, `logDetail` (never a token, code or secret) to the log only.
 */
function ssoFailed(detail: string, reason: string, logDetail: string | null = null): AppError {
  return new AppError('sso_failed', { detail, reason, logDetail });
}

const START_AGAIN = 'Start again from the sign-in page.';
/** What people see when the provider cannot be used: the reason goes to the log only. */
const PROVIDER_UNREACHABLE =
  'The identity provider of this workspace could not be reached. Try again later, or ask your admin.';
const PROVIDER_MISCONFIGURED =
  'Single sign-on is not set up correctly for this workspace: ask your admin to check its identity provider.';
const ANSWER_UNVERIFIED = `The answer from the identity provider could not be verified. ${START_AGAIN}`;

/**
 * A library or network error in a sentence, for the log only (it may name internal hosts and
 * what they answered): message, the OAuth error code, the network cause, a guard refusal.
 */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const refusal = outboundRefusalOf(error);
  if (refusal) return refusal.message;
  const oauthError = (error as { error?: unknown }).error;
  const oauthDescription = (error as { error_description?: unknown }).error_description;
  if (typeof oauthError === 'string') {
    return `${oauthError}${typeof oauthDescription === 'string' ? `: ${oauthDescription.slice(0, 200)}` : ''}`;
  }
  const cause = (error as { cause?: unknown }).cause;
  const causeText =
    cause instanceof Error
      ? `${(cause as NodeJS.ErrnoException).code ?? cause.message}`
      : // An unexpected HTTP answer (the Response is undici's class, not the global one).
        cause && typeof cause === 'object' && typeof (cause as { status?: unknown }).status === 'number'
        ? `HTTP ${(cause as { status: number }).status}`
        : cause && typeof cause === 'object' && 'code' in cause
          ? String((cause as { code: unknown }).code)
          : '';
  const message = error.message.slice(0, 300);
  return causeText && !message.includes(causeText) ? `${message} (${causeText})` : message;
}

type Discovered = { stamp: string; at: number; config: oidc.Configuration };

/** The person as the provider vouched for them (identityOf). */
type Identity = { issuer: string; subject: string; email: string | null; emailVerified: boolean };

/** What a failed callback's audit entry can name, filled in as the steps learn it. */
type FailureTrail = { workspaceId: string | null; email: string | null; actor: AuditActor | null };

/** What the last two steps of a callback work on. */
type CallbackStep = {
  workspaceId: string;
  identity: Identity;
  /** The browser's live session, if any. */
  sessionIdHash: string | null;
  meta: ClientMeta;
  trail: FailureTrail;
};

/** A finished sign-in: the new session and where the browser goes next. */
type SignedIn = { session: NewSession; workspaceId: string; next: '/' | '/onboarding' };

/** A query parameter's value when it is one string (a repeated parameter is an array). */
function queryParam(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' ? value : undefined;
}

/** Discovery answered, but its metadata names an endpoint SalesOS may not use. */
class MetadataRefused extends Error {
  constructor(readonly problem: MetadataProblem) {
    super(problem.message);
    this.name = 'MetadataRefused';
  }
}

/**
 * `secretsKey` opens the sealed client secrets (null: SSO settings cannot be saved); `auth` starts
 * sessions and `invitations` accepts them: the app's own services, passed in by buildServices.
 */
export function createSsoService(
  ctx: AppContext,
  deps: {
    secretsKey: Buffer | null;
    auth: AuthService;
    invitations: ReturnType<typeof createInvitationsService>;
  },
) {
  const { db } = ctx.database;
  const { secretsKey, auth, invitations } = deps;
  const redirectUri = `${ctx.config.publicUrl}/auth/sso/callback`;
  const discovered = new Map<string, Discovered>();
  const allowedHosts = new AllowedHosts(ctx.config.ssoAllowedHosts);
  // Every request to a provider (discovery, token, userinfo, keys) goes through this.
  const outbound = createOutboundGuard({ allowedHosts: ctx.config.ssoAllowedHosts });

  function view(workspaceId: string, row: Row<'sso_settings'> | undefined): SsoSettingsView {
    return {
      enabled: row?.enabled === 1,
      issuer: row?.issuer ?? null,
      clientId: row?.client_id ?? null,
      clientSecretSet: Boolean(row?.client_secret),
      requireForNonAdmins: row?.require_for_non_admins === 1,
      redirectUri,
      signInUrl: `${ctx.config.publicUrl}/auth/sso/start?workspace=${encodeURIComponent(workspaceId)}`,
      canSave: secretsKey !== null,
      updatedAt: row?.updated_at ?? null,
    };
  }

  /**
   * Runs OIDC discovery through the outbound guard: the issuer must publish metadata whose
   * `issuer` is exactly this URL, and whose endpoints pass checkProviderMetadata (else
   * MetadataRefused). Any other failure is the library's or the network's error.
   */
  async function discover(issuer: string, clientId: string): Promise<oidc.Configuration> {
    const url = new URL(issuer);
    const found = await oidc.discovery(url, clientId, undefined, undefined, {
      timeout: DISCOVERY_TIMEOUT_SECONDS,
      [oidc.customFetch]: outbound.fetch,
      // http:// reaches the guard only for a host in SSO_ALLOWED_HOSTS; it refuses any other.
      ...(url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
    const problem = checkProviderMetadata(found.serverMetadata(), allowedHosts);
    if (problem) throw new MetadataRefused(problem);
    return found;
  }

  /** The client as the provider knows it: secret sent as HTTP Basic unless only POST is offered. */
  function clientFor(found: oidc.Configuration, clientId: string, secret: string): oidc.Configuration {
    const server = found.serverMetadata();
    const methods = server.token_endpoint_auth_methods_supported;
    const basic = !methods || methods.includes('client_secret_basic');
    const config = new oidc.Configuration(
      server,
      clientId,
      { client_secret: secret },
      basic ? oidc.ClientSecretBasic(secret) : oidc.ClientSecretPost(secret),
    );
    config.timeout = DISCOVERY_TIMEOUT_SECONDS;
    config[oidc.customFetch] = outbound.fetch;
    // Only endpoints on allowed hosts may be http:// (checkProviderMetadata, and the guard again).
    const endpoints = [
      server.issuer,
      server.authorization_endpoint,
      server.token_endpoint,
      server.userinfo_endpoint,
      server.jwks_uri,
    ];
    if (endpoints.some((e) => e?.startsWith('http:'))) oidc.allowInsecureRequests(config);
    return config;
  }

  function readSecret(settings: Row<'sso_settings'>): string {
    if (!settings.client_secret) {
      throw ssoFailed('Single sign-on is not fully set up for this workspace: ask your admin.', 'no_secret');
    }
    if (!secretsKey) {
      throw new AppError('sso_unavailable', {
        detail: 'Single sign-on cannot be used: the server has no SECRETS_KEY. Ask the person who runs SalesOS.',
        reason: 'no_secrets_key',
      });
    }
    try {
      return openSecret(secretsKey, settings.client_secret, settings.workspace_id);
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      throw new AppError('sso_unavailable', {
        detail:
          'Single sign-on cannot be used: the saved client secret does not open with this server’s key. Ask your admin to enter it again.',
        reason: 'secret_unreadable',
      });
    }
  }

  /** The provider's configuration for a workspace, discovered at most every 10 minutes per process. */
  async function clientOf(settings: Row<'sso_settings'>): Promise<oidc.Configuration> {
    const stamp = `${settings.issuer}|${settings.client_id}|${settings.updated_at}`;
    const cached = discovered.get(settings.workspace_id);
    if (cached && cached.stamp === stamp && Date.now() - cached.at < DISCOVERY_CACHE_MS) return cached.config;
    const secret = readSecret(settings);
    let found: oidc.Configuration;
    try {
      // Settings saved before these checks existed, or edited in the database, are checked too.
      const refused = checkOutboundUrl(new URL(settings.issuer), allowedHosts);
      if (refused) throw refused;
      found = await discover(settings.issuer, settings.client_id);
    } catch (error) {
      const problem = error instanceof MetadataRefused ? error.problem : null;
      ctx.log.warn(
        {
          event: 'sso_discovery_failed',
          workspaceId: settings.workspace_id,
          host: hostOf(settings.issuer),
          reason: problem ? `${problem.field}: ${problem.message}` : describeError(error),
        },
        'SSO discovery failed',
      );
      throw problem
        ? ssoFailed(PROVIDER_MISCONFIGURED, 'provider_metadata_refused', problem.message)
        : ssoFailed(PROVIDER_UNREACHABLE, 'discovery_failed');
    }
    const config = clientFor(found, settings.client_id, secret);
    discovered.set(settings.workspace_id, { stamp, at: Date.now(), config });
    return config;
  }

  function hostOf(issuer: string): string | null {
    try {
      return new URL(issuer).host;
    } catch {
      return null;
    }
  }

  async function enabledSettings(workspaceId: string): Promise<Row<'sso_settings'>> {
    const settings = await ssoRepository.findSettings(db, workspaceId);
    if (settings?.enabled === 1) return settings;
    throw ssoFailed('Single sign-on is not set up for this workspace.', 'not_enabled');
  }

  /** An SSO failure goes into the workspace's audit log (when the workspace is known) and the log. */
  async function recordFailure(args: {
    workspaceId: string | null;
    actor: AuditActor | null;
    failure: AppError;
    ip: string;
    email: string | null;
  }) {
    ctx.log.info(
      {
        event: 'sso_failed',
        workspaceId: args.workspaceId,
        reason: args.failure.reason,
        ...(args.failure.logDetail ? { detail: args.failure.logDetail } : {}),
      },
      'SSO sign-in refused',
    );
    if (!args.workspaceId) return;
    await recordAudit(db, {
      workspaceId: args.workspaceId,
      actor: args.actor ?? (args.email ? { userId: null, name: null, email: args.email } : null),
      action: 'auth.sso_failed',
      target: null,
      after: { reason: args.failure.reason, ...(args.email ? { email: args.email } : {}) },
      ip: args.ip,
    });
  }

  /**
   * Whatever stopped a sign-in as an AppError (sso-error-page.ts shows it): an AppError as it is,
   * its code as the reason unless it names one; an unexpected error is logged (name and message only).
   */
  function toFailure(error: unknown): AppError {
    if (error instanceof AppError) return error;
    if (isUniqueViolation(error)) {
      return ssoFailed(`This identity was just linked by another sign-in. ${START_AGAIN}`, 'link_race');
    }
    ctx.log.error(
      { event: 'sso_error', error: { name: (error as Error)?.name, message: describeError(error) } },
      'SSO callback failed',
    );
    return new AppError('internal_error', { detail: `Something went wrong on our side. ${START_AGAIN}` });
  }

  async function linkIdentity(
    trx: Executor,
    identity: { issuer: string; subject: string; email: string; accountId: string },
  ) {
    const bySubject = await ssoRepository.findIdentity(trx, identity.issuer, identity.subject);
    if (bySubject) {
      if (bySubject.account_id === identity.accountId) return;
      throw ssoFailed(
        `Your account at the identity provider is already linked to another SalesOS account (${bySubject.email}). Sign in with SSO as that account, or ask your admin to invite that email.`,
        'identity_linked_elsewhere',
      );
    }
    if (await ssoRepository.findIdentityOfAccount(trx, identity.accountId, identity.issuer)) {
      throw ssoFailed(
        'Your SalesOS account is already linked to a different account at this identity provider. Sign in at the provider with that account.',
        'account_linked_elsewhere',
      );
    }
    await ssoRepository.insertIdentity(trx, {
      issuer: identity.issuer,
      subject: identity.subject,
      account_id: identity.accountId,
      email: identity.email,
      created_at: nowIso(),
    });
  }

  /** Email and email_verified from the ID token, or from UserInfo when the ID token leaves them out. */
  async function identityOf(
    config: oidc.Configuration,
    tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>,
  ): Promise<Identity> {
    const claims = tokens.claims();
    if (!claims) throw ssoFailed(`The identity provider sent no ID token. ${START_AGAIN}`, 'no_id_token');
    let email: unknown = claims.email;
    let verified: unknown = claims.email_verified;
    if (email === undefined || verified === undefined) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      email = email ?? info.email;
      verified = verified ?? info.email_verified;
    }
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email: typeof email === 'string' ? email.trim().toLowerCase() : null,
      emailVerified: verified === true,
    };
  }

  /**
   * Connects an identity to the account signed in in this browser, when that account is an active
   * member of the workspace and the provider verified the account's own email: the session proves
   * the account, the provider the identity. Returns the new link, or null when that does not hold.
   */
  async function connectSignedInMember(args: {
    identity: Identity;
    workspaceId: string;
    sessionIdHash: string | null;
  }): Promise<Row<'sso_identities'> | null> {
    const { identity } = args;
    if (!identity.email || !identity.emailVerified) return null;
    const accountId = await provenAccountOf(args.sessionIdHash, args.workspaceId);
    if (!accountId) return null;
    const account = await authRepository.findAccount(db, accountId);
    if (!account?.email_verified_at || account.email !== identity.email) return null;
    const member = await ssoRepository.findMembership(db, args.workspaceId, account.id);
    if (member?.status !== 'active') return null;
    const link = { issuer: identity.issuer, subject: identity.subject, email: identity.email, accountId: account.id };
    await ctx.database.transaction((trx) => linkIdentity(trx, link));
    ctx.log.info(
      { event: 'sso_connected', workspaceId: args.workspaceId, accountId: account.id },
      'SSO identity connected',
    );
    return {
      issuer: link.issuer,
      subject: link.subject,
      account_id: account.id,
      email: link.email,
      created_at: nowIso(),
    };
  }

  /**
   * The account this browser is signed in as, when its session proves that account here: any
   * live session except one that another workspace's SSO started (sso-policy.ts).
   */
  async function provenAccountOf(sessionIdHash: string | null, workspaceId: string): Promise<string | null> {
    if (!sessionIdHash) return null;
    const session = await authRepository.findSession(db, sessionIdHash, nowIso());
    if (!session) return null;
    const confinedTo = await ssoRepository.findSsoSessionWorkspace(db, sessionIdHash);
    return confinedTo === null || confinedTo === workspaceId ? session.account_id : null;
  }

  /** A session that stays in the workspace whose provider vouched for the person (sso-policy.ts). */
  async function startSsoSession(accountId: string, workspaceId: string, meta: ClientMeta): Promise<NewSession> {
    const session = await auth.startSession(accountId, workspaceId, meta);
    await ssoRepository.insertSsoSession(db, {
      session_id_hash: hashSecret(session.id),
      workspace_id: workspaceId,
      created_at: nowIso(),
    });
    ctx.log.info({ event: 'sso_signed_in', workspaceId, accountId }, 'signed in with SSO');
    return session;
  }

  /**
   * The sign-in this callback answers, spent now: it must be known and started in this browser,
   * and it is claimed before the code is exchanged, so of two callbacks with one state only one
   * goes on. The provider's own refusal (`error`) stops here.
   */
  async function readAttempt(
    query: Record<string, unknown>,
    browserValue: string | undefined,
    trail: FailureTrail,
  ): Promise<{ attempt: Row<'sso_login_attempts'>; state: string }> {
    const state = queryParam(query, 'state');
    if (!state) throw ssoFailed(`The answer from the identity provider has no state. ${START_AGAIN}`, 'no_state');
    const stateHash = hashSecret(state);
    const attempt = await ssoRepository.findAttempt(db, stateHash);
    if (!attempt) {
      throw ssoFailed(`This sign-in is unknown or has expired. ${START_AGAIN}`, 'unknown_state');
    }
    trail.workspaceId = attempt.workspace_id;
    if (!browserValue || !safeEqual(hashSecret(browserValue), attempt.browser_hash)) {
      throw ssoFailed(
        `This sign-in was started in another browser, or its cookie has expired. ${START_AGAIN}`,
        'browser_mismatch',
      );
    }
    if ((await ssoRepository.claimAttempt(db, stateHash, nowIso())) === 0) {
      const replay = attempt.used_at !== null;
      throw ssoFailed(
        replay ? `This sign-in has already been used. ${START_AGAIN}` : `This sign-in has expired. ${START_AGAIN}`,
        replay ? 'replayed' : 'expired',
      );
    }
    const providerError = queryParam(query, 'error');
    if (providerError) {
      const description = queryParam(query, 'error_description');
      throw ssoFailed(
        `The identity provider did not sign you in: ${description ? `${description} ` : ''}(${providerError}).`,
        `provider_${providerError}`.slice(0, 60),
      );
    }
    return { attempt, state };
  }

  /**
   * The code exchanged for the person's identity: openid-client checks the ID token's signature,
   * issuer, audience, nonce and expiry, and the PKCE verifier.
   */
  async function exchangeCode(
    attempt: Row<'sso_login_attempts'>,
    state: string,
    query: Record<string, unknown>,
  ): Promise<Identity> {
    const settings = await enabledSettings(attempt.workspace_id);
    const config = await clientOf(settings);
    const currentUrl = new URL(redirectUri);
    for (const [name, value] of Object.entries(query)) {
      if (typeof value === 'string') currentUrl.searchParams.set(name, value);
    }
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: attempt.code_verifier,
        expectedState: state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      return await identityOf(config, tokens);
    } catch (error) {
      if (error instanceof AppError) throw error;
      // What the provider (or whatever answered) said stays in the log: the page is generic.
      throw ssoFailed(ANSWER_UNVERIFIED, 'exchange_failed', describeError(error));
    }
  }

  /**
   * An invitation accepted through SSO: the provider must vouch for the invited email, verified.
   * A new member goes on to the onboarding steps, as after a password acceptance.
   */
  async function acceptWithSso(args: CallbackStep & { tokenHash: string }): Promise<SignedIn> {
    const { identity, meta, trail } = args;
    const invitation = await invitationsRepository.findByToken(db, args.tokenHash);
    if (invitation) trail.actor = { userId: invitation.user_id, name: invitation.name, email: invitation.email };
    if (invitation && identity.email !== invitation.email) {
      throw ssoFailed(
        `The identity provider signed you in as ${identity.email ?? 'someone without an email'}, but this invitation is for ${invitation.email}. Sign in at the provider as ${invitation.email}, or ask your admin to invite the address you use there. The invitation is still waiting for you.`,
        'email_mismatch',
      );
    }
    if (invitation && !identity.emailVerified) {
      throw ssoFailed(
        `The identity provider has not verified the email ${invitation.email}. Verify it with your provider, then open the invitation again. The invitation is still waiting for you.`,
        'email_not_verified',
      );
    }
    const sessionAccountId = await provenAccountOf(args.sessionIdHash, args.workspaceId);
    const accepted = await invitations.acceptVerifiedIdentity({
      tokenHash: args.tokenHash,
      ip: meta.ip,
      identity: { issuer: identity.issuer, subject: identity.subject },
      sessionAccountId,
      link: (trx, accountId) =>
        linkIdentity(trx, {
          issuer: identity.issuer,
          subject: identity.subject,
          email: identity.email ?? '',
          accountId,
        }),
    });
    const session = await startSsoSession(accepted.accountId, accepted.workspaceId, meta);
    await recordAudit(db, {
      workspaceId: accepted.workspaceId,
      actor: trail.actor,
      action: 'auth.sso_signed_in',
      target: userTarget({ id: accepted.userId, email: invitation?.email ?? identity.email ?? '' }),
      after: {
        issuer: identity.issuer,
        invitation: true,
        account: accepted.existingAccount ? 'existing' : 'new',
      },
      ip: meta.ip,
    });
    return { session, workspaceId: accepted.workspaceId, next: '/onboarding' };
  }

  /**
   * A sign-in: the identity must already be linked, or be connected now by the member who is
   * signed in in this browser. Never by email alone: an email at a provider the workspace's admin
   * chose proves nothing about an account used elsewhere.
   */
  async function signInWithSso(args: CallbackStep): Promise<SignedIn> {
    const { identity, workspaceId, meta, trail } = args;
    const existingLink = await ssoRepository.findIdentity(db, identity.issuer, identity.subject);
    const linked =
      existingLink ?? (await connectSignedInMember({ identity, workspaceId, sessionIdHash: args.sessionIdHash }));
    if (!linked) {
      throw ssoFailed(
        `No SalesOS account is linked to your account at the identity provider${identity.email ? ` (${identity.email})` : ''}. If you were invited, open the link in your invitation email and choose Continue with SSO. If you are already a member, sign in with your password first, then sign in with SSO once to connect your account.`,
        'not_linked',
      );
    }
    const member = await ssoRepository.findMembership(db, workspaceId, linked.account_id);
    if (member) trail.actor = { userId: member.id, name: member.name, email: member.email };
    if (member?.status === 'deactivated') throw new AppError('user_deactivated');
    if (member?.status !== 'active') {
      throw ssoFailed('Your SalesOS account is not a member of this workspace.', 'not_a_member');
    }
    const session = await startSsoSession(linked.account_id, workspaceId, meta);
    await recordAudit(db, {
      workspaceId,
      actor: trail.actor,
      action: 'auth.sso_signed_in',
      target: userTarget(member),
      after: { issuer: identity.issuer, invitation: false, connected: existingLink === undefined },
      ip: meta.ip,
    });
    return { session, workspaceId, next: '/' };
  }

  return {
    async getSettings(actor: AuthContext): Promise<SsoSettingsView> {
      const workspaceId = actor.workspace.id;
      return view(workspaceId, await ssoRepository.findSettings(db, workspaceId));
    },

    async saveSettings(actor: AuthContext, input: SsoSettingsInput): Promise<SsoSettingsView> {
      const workspaceId = actor.workspace.id;
      if (!secretsKey) throw new AppError('secrets_key_missing');
      // http:// only for a provider the operator allowed on its network, and never on an https
      // site; SSO can always be switched off, whatever issuer an older version saved.
      const issuerUrl = new URL(input.issuer);
      if (
        issuerUrl.protocol !== 'https:' &&
        (ctx.config.secureCookies || (input.enabled && checkOutboundUrl(issuerUrl, allowedHosts) !== null))
      ) {
        throw validationError([{ path: 'issuer', message: 'Use an https:// issuer URL.' }]);
      }
      const current = await ssoRepository.findSettings(db, workspaceId);
      if (input.clientSecret === undefined && input.enabled) {
        if (!current?.client_secret) {
          throw validationError([{ path: 'clientSecret', message: 'Enter the client secret.' }]);
        }
        try {
          openSecret(secretsKey, current.client_secret, workspaceId);
        } catch {
          throw validationError([
            {
              path: 'clientSecret',
              message: 'The saved client secret cannot be read with this server’s key: enter it again.',
            },
          ]);
        }
      }
      if (input.enabled) {
        try {
          await discover(input.issuer, input.clientId);
        } catch (error) {
          if (error instanceof MetadataRefused) {
            const { message } = error.problem;
            ctx.log.info(
              {
                event: 'sso_discovery_failed',
                workspaceId,
                host: issuerUrl.host,
                reason: `${error.problem.field}: ${message}`,
              },
              'SSO settings refused: the provider metadata names an endpoint that may not be used',
            );
            throw new AppError('sso_discovery_failed', { detail: message, errors: [{ path: 'issuer', message }] });
          }
          // One answer whatever went wrong (refused address, closed port, timeout, bad answer):
          // the admin must not learn what listens where. The operator finds the reason in the log.
          ctx.log.info(
            { event: 'sso_discovery_failed', workspaceId, host: issuerUrl.host, reason: describeError(error) },
            'SSO settings refused: discovery failed',
          );
          const discoveryUrl = `${input.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
          const message = `OpenID Connect discovery failed at ${discoveryUrl}: the issuer must be a public https:// address that publishes OpenID Connect metadata there.`;
          throw new AppError('sso_discovery_failed', { detail: message, errors: [{ path: 'issuer', message }] });
        }
      }
      const now = nowIso();
      const row: Row<'sso_settings'> = {
        workspace_id: workspaceId,
        enabled: input.enabled ? 1 : 0,
        issuer: input.issuer,
        client_id: input.clientId,
        client_secret:
          input.clientSecret !== undefined
            ? sealSecret(secretsKey, input.clientSecret, workspaceId)
            : (current?.client_secret ?? null),
        require_for_non_admins:
          input.requireForNonAdmins === undefined
            ? (current?.require_for_non_admins ?? 0)
            : input.requireForNonAdmins
              ? 1
              : 0,
        updated_at: now,
      };
      // What the audit log keeps: never the secret, only whether one is set and whether it changed.
      const summary = (r: Row<'sso_settings'> | undefined) =>
        r
          ? {
              enabled: r.enabled === 1,
              issuer: r.issuer,
              clientId: r.client_id,
              clientSecretSet: Boolean(r.client_secret),
              requireForNonAdmins: r.require_for_non_admins === 1,
            }
          : null;
      await ctx.database.transaction(async (trx) => {
        await ssoRepository.upsertSettings(trx, row);
        await recordAudit(trx, {
          workspaceId,
          actor: actorOf(actor),
          action: 'sso.changed',
          target: { type: 'workspace', id: workspaceId, label: actor.workspace.name },
          before: summary(current),
          after: { ...summary(row), clientSecretChanged: input.clientSecret !== undefined },
          ip: actor.ip,
        });
      });
      discovered.delete(workspaceId);
      ctx.log.info({ event: 'sso_changed', workspaceId, enabled: input.enabled }, 'SSO settings saved');
      return view(workspaceId, row);
    },

    /**
     * Begins a sign-in: records the attempt (state, nonce, PKCE verifier, invitation) and returns
     * the provider's authorization URL and the random value for the browser-binding cookie.
     */
    async start(
      input: { workspaceId: string | undefined; invitationToken: string | undefined },
      meta: ClientMeta,
    ): Promise<{ location: string; browserValue: string }> {
      await hitRateLimit(ctx, 'sso-start', meta.ip, START_LIMIT);
      let workspaceId = input.workspaceId?.trim() || null;
      let invitationTokenHash: string | null = null;
      let loginHint: string | null = null;
      if (input.invitationToken) {
        // The same answers as the invitation page: expired, revoked, already accepted…
        const invitation = await invitations.lookup(input.invitationToken);
        if (workspaceId && workspaceId !== invitation.workspace.id) {
          throw ssoFailed('This invitation is for another workspace.', 'invitation_workspace_mismatch');
        }
        workspaceId = invitation.workspace.id;
        invitationTokenHash = hashSecret(input.invitationToken);
        loginHint = invitation.email;
      }
      if (!workspaceId) {
        throw ssoFailed('Choose the workspace to sign in to.', 'no_workspace');
      }
      const settings = await enabledSettings(workspaceId);
      const config = await clientOf(settings);

      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const browserValue = newSecret();
      const now = nowIso();
      await ssoRepository.deleteAttemptsExpiredBefore(db, now);
      await ssoRepository.insertAttempt(db, {
        state_hash: hashSecret(state),
        workspace_id: workspaceId,
        nonce,
        code_verifier: codeVerifier,
        invitation_token_hash: invitationTokenHash,
        browser_hash: hashSecret(browserValue),
        created_at: now,
        expires_at: isoAfterSeconds(SSO_ATTEMPT_TTL_SECONDS),
        used_at: null,
      });
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: SCOPE,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...(loginHint ? { login_hint: loginHint } : {}),
      });
      ctx.log.info(
        { event: 'sso_started', workspaceId, invitation: invitationTokenHash !== null },
        'SSO sign-in started',
      );
      return { location: url.href, browserValue };
    },

    /**
     * Finishes a sign-in in four steps: the attempt (readAttempt), the provider's answer
     * (exchangeCode), then the invitation accepted (acceptWithSso) or the linked account signed in
     * (signInWithSso). Every failure is logged and audited here, then thrown for the page.
     */
    async callback(
      input: {
        query: Record<string, unknown>;
        browserValue: string | undefined;
        /** The browser's live session, if any: the one way to connect an identity to an existing member. */
        sessionIdHash: string | null;
      },
      meta: ClientMeta,
    ): Promise<SignedIn> {
      const trail: FailureTrail = { workspaceId: null, email: null, actor: null };
      try {
        const { attempt, state } = await readAttempt(input.query, input.browserValue, trail);
        const identity = await exchangeCode(attempt, state, input.query);
        trail.email = identity.email;
        const step = { workspaceId: attempt.workspace_id, identity, sessionIdHash: input.sessionIdHash, meta, trail };
        return attempt.invitation_token_hash
          ? await acceptWithSso({ ...step, tokenHash: attempt.invitation_token_hash })
          : await signInWithSso(step);
      } catch (error) {
        const failure = toFailure(error);
        await recordFailure({ ...trail, failure, ip: meta.ip });
        throw failure;
      }
    },

    /** Closes the connections kept open to identity providers (once, whoever asks). */
    close: (() => {
      let closing: Promise<void> | null = null;
      return () => {
        closing ??= outbound.close();
        return closing;
      };
    })(),

    /** Any error of `start` as the page shows it (rate limits, invitation problems, SSO off). */
    startFailure(error: unknown): AppError {
      const failure = toFailure(error);
      ctx.log.info({ event: 'sso_start_refused', reason: failure.reason }, 'SSO sign-in not started');
      return failure;
    },
  };
}

export type SsoService = ReturnType<typeof createSsoService>;
