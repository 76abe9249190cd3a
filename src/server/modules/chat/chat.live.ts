import { authorize } from '../../../shared/permissions.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { authRepository, type StreamSessionRow } from '../auth/auth.repository.js';
import { chatRepository, type MessageWithAuthor } from './chat.repository.js';

/**
 * New messages, live, for this process's streams. One poller per process reads the messages
 * table by (created_at, id) every 500 ms while anyone listens and fans out to every stream, so
 * a message posted through any process sharing the database reaches every stream. It re-reads
 * a few seconds back (a slower transaction may commit a message stamped earlier than one
 * already seen) and remembers which ids it has delivered.
 *
 * Each stream belongs to the session that opened it. Before new messages go out, and on every
 * heartbeat, one query reads the sessions of the streams concerned: a stream whose session has
 * ended (signed out, expired, idle) or whose member may no longer read the channel ends instead.
 * What this process itself does (sign-out, deactivation, deletion, a role change) ends the
 * streams concerned at once, through the registry below.
 */

/** Why a stream ended, sent to the client as `event: end`. */
export type EndReason =
  /** The session is over (signed out, replaced, expired, idle, or ended by deactivation or deletion). */
  | 'signed_out'
  /** The session goes on, but its member may no longer read the channel (their role or status changed). */
  | 'access_revoked'
  /** The session moved to another workspace, whose channels are not this one. */
  | 'workspace_changed';

export type LiveStream = {
  sessionIdHash: string;
  /** The workspace_users id of the member who opened it. */
  userId: string;
  workspaceId: string;
  channelId: string;
  deliver(message: MessageWithAuthor): void;
  /** Writes a keep-alive comment. */
  heartbeat(): void;
  /** Sends the end event and closes the connection; the route's `release` follows. */
  end(reason: EndReason): void;
};

export type ChatLive = {
  /**
   * Registers a stream and resolves once the poller knows what already exists: anything
   * committed later is delivered. Refuses a session's sixth stream (429). Resolves to `release`.
   */
  open(stream: LiveStream): Promise<() => void>;
  /** Poll now (this process just committed a message). */
  kick(): void;
  /** Checks every stream now and writes heartbeats to those still allowed (the 15 s timer runs this). */
  heartbeat(): Promise<void>;
  /** How many streams of this process listen (tests check that closed streams let go). */
  size(): number;
  /** Ends the poller; `onClose` of each stream is the caller's. */
  stop(): void;
};

const POLL_MS = 500;
const LOOKBACK_MS = 5000;
const BATCH = 1000;
export const HEARTBEAT_MS = 15_000;
/** Tabs of one browser each hold a stream; more than this from one session is not a person reading. */
export const STREAMS_PER_SESSION = 5;
const RETRY_AFTER_SECONDS = 10;

type Hub = ChatLive & {
  endSession(sessionIdHash: string, reason: EndReason): void;
  endMember(userId: string, reason: EndReason): void;
  recheckMember(userId: string): Promise<void>;
};

const hubs = new WeakMap<AppContext, Hub>();

export function chatLive(ctx: AppContext): ChatLive {
  let hub = hubs.get(ctx);
  if (!hub) {
    hub = createHub(ctx);
    hubs.set(ctx, hub);
  }
  return hub;
}

/** This process's streams of the session end now (sign-out, a new sign-in, an idle session). */
export function endSessionStreams(ctx: AppContext, sessionIdHash: string, reason: EndReason = 'signed_out'): void {
  hubs.get(ctx)?.endSession(sessionIdHash, reason);
}

/** This process's streams of the member end now (deactivated, deleted: their sessions here ended too). */
export function endMemberStreams(ctx: AppContext, userId: string): void {
  hubs.get(ctx)?.endMember(userId, 'signed_out');
}

/** Checks this process's streams of the member against the database now (their role changed). */
export async function recheckMemberStreams(ctx: AppContext, userId: string): Promise<void> {
  await hubs.get(ctx)?.recheckMember(userId);
}

/** Why the stream may not go on, or null when it may. */
function verdict(stream: LiveStream, row: StreamSessionRow | undefined, nowMs: number, idleMs: number) {
  if (!row || Date.parse(row.expires_at) <= nowMs || nowMs - Date.parse(row.last_seen_at) > idleMs) {
    return 'signed_out';
  }
  if (row.workspace_id !== stream.workspaceId) return 'workspace_changed';
  if (row.user_id !== stream.userId || !row.role || !authorize(row.role, 'chat:use')) return 'access_revoked';
  return null;
}

function addTo<K>(index: Map<K, Set<LiveStream>>, key: K, stream: LiveStream) {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(stream);
}

function removeFrom<K>(index: Map<K, Set<LiveStream>>, key: K, stream: LiveStream) {
  const set = index.get(key);
  set?.delete(stream);
  if (set?.size === 0) index.delete(key);
}

function createHub(ctx: AppContext): Hub {
  const byChannel = new Map<string, Set<LiveStream>>();
  const bySession = new Map<string, Set<LiveStream>>();
  const byUser = new Map<string, Set<LiveStream>>();
  const streams = new Set<LiveStream>();
  const seen = new Map<string, string>();
  let newest = '';
  let primed: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let heartbeatTimer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const windowStart = () => {
    const base = newest ? Date.parse(newest) : Date.now();
    return new Date(Math.min(base, Date.now()) - LOOKBACK_MS).toISOString();
  };

  function release(stream: LiveStream) {
    if (!streams.delete(stream)) return;
    removeFrom(byChannel, stream.channelId, stream);
    removeFrom(bySession, stream.sessionIdHash, stream);
    removeFrom(byUser, stream.userId, stream);
  }

  function endStream(stream: LiveStream, reason: EndReason) {
    release(stream);
    try {
      stream.end(reason);
    } catch (err) {
      ctx.log.warn({ err }, 'chat stream end failed');
    }
  }

  /** One query for all of `targets`; those no longer allowed end. Throws when the database does not answer. */
  async function verify(targets: readonly LiveStream[]): Promise<void> {
    if (targets.length === 0) return;
    const hashes = [...new Set(targets.map((s) => s.sessionIdHash))];
    const rows = await authRepository.findStreamSessions(ctx.database.db, hashes);
    const byHash = new Map(rows.map((r) => [r.id_hash, r]));
    const nowMs = Date.now();
    const idleMs = ctx.config.sessionIdleTimeoutSeconds * 1000;
    for (const stream of targets) {
      if (!streams.has(stream)) continue;
      const reason = verdict(stream, byHash.get(stream.sessionIdHash), nowMs, idleMs);
      if (reason) endStream(stream, reason);
    }
  }

  async function read(deliver: boolean): Promise<void> {
    const since = windowStart();
    const rows = await chatRepository.since(ctx.database.db, since, BATCH);
    const fresh = rows.filter((row) => !seen.has(row.id));
    if (deliver && fresh.length > 0) {
      // Nothing goes out before the recipients' sessions are checked; if the check fails, the
      // rows stay unseen and the next poll tries again.
      const channels = new Set(fresh.map((row) => row.channel_id));
      await verify([...streams].filter((s) => channels.has(s.channelId)));
    }
    for (const row of fresh) {
      seen.set(row.id, row.created_at);
      if (row.created_at > newest) newest = row.created_at;
      if (!deliver) continue;
      for (const stream of [...(byChannel.get(row.channel_id) ?? [])]) {
        try {
          stream.deliver(row);
        } catch (err) {
          ctx.log.warn({ err }, 'chat stream listener failed');
        }
      }
    }
    const keepFrom = windowStart();
    for (const [id, at] of seen) if (at < keepFrom) seen.delete(id);
  }

  function poll(): Promise<void> {
    if (polling) {
      again = true;
      return polling;
    }
    polling = (async () => {
      do {
        again = false;
        try {
          await read(true);
        } catch (err) {
          if (!stopped) ctx.log.warn({ err }, 'chat poll failed; will retry');
        }
      } while (again && !stopped);
      polling = null;
    })();
    return polling;
  }

  async function heartbeat(): Promise<void> {
    try {
      await verify([...streams]);
    } catch (err) {
      // Deliveries are checked on their own, so a stream kept open here receives nothing unchecked.
      if (!stopped) ctx.log.warn({ err }, 'chat stream check failed; will retry');
    }
    for (const stream of [...streams]) {
      try {
        stream.heartbeat();
      } catch (err) {
        ctx.log.warn({ err }, 'chat stream heartbeat failed');
      }
    }
  }

  function idle() {
    if (timer) clearInterval(timer);
    if (heartbeatTimer) clearInterval(heartbeatTimer);
    timer = null;
    heartbeatTimer = null;
    primed = null;
  }

  function schedule() {
    if (timer || stopped) return;
    timer = setInterval(() => {
      if (streams.size === 0) return idle();
      void poll();
    }, POLL_MS);
    timer.unref();
    heartbeatTimer = setInterval(() => void heartbeat(), HEARTBEAT_MS);
    heartbeatTimer.unref();
  }

  return {
    async open(stream) {
      // Counted and registered before any await, so parallel opens cannot all pass the check.
      if ((bySession.get(stream.sessionIdHash)?.size ?? 0) >= STREAMS_PER_SESSION) {
        throw new AppError('rate_limited', {
          detail: `At most ${STREAMS_PER_SESSION} live streams per session: close another tab first.`,
          headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
        });
      }
      streams.add(stream);
      addTo(byChannel, stream.channelId, stream);
      addTo(bySession, stream.sessionIdHash, stream);
      addTo(byUser, stream.userId, stream);
      if (!primed) {
        // Waking up: start from now, not from where an earlier listener left off.
        newest = '';
        seen.clear();
      }
      primed ??= read(false).catch((err: unknown) => {
        primed = null;
        throw err;
      });
      schedule();
      try {
        await primed;
      } catch (err) {
        release(stream);
        throw err;
      }
      return () => release(stream);
    },
    kick() {
      if (streams.size > 0 && primed) void poll();
    },
    heartbeat,
    size: () => streams.size,
    stop() {
      stopped = true;
      idle();
      for (const stream of [...streams]) release(stream);
    },
    endSession(sessionIdHash, reason) {
      for (const stream of [...(bySession.get(sessionIdHash) ?? [])]) endStream(stream, reason);
    },
    endMember(userId, reason) {
      for (const stream of [...(byUser.get(userId) ?? [])]) endStream(stream, reason);
    },
    async recheckMember(userId) {
      try {
        await verify([...(byUser.get(userId) ?? [])]);
      } catch (err) {
        // The heartbeat and the next delivery check again.
        ctx.log.warn({ err }, 'chat stream check failed; will retry');
      }
    },
  };
}
