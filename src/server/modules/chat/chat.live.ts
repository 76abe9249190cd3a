import type { AppContext } from '../../context.js';
import { chatRepository, type MessageWithAuthor } from './chat.repository.js';

/**
 * New messages, live, for this process's streams. One poller per process reads the messages
 * table by (created_at, id) every 500 ms while anyone listens and fans out to every stream, so
 * a message posted through any process sharing the database reaches every stream. It re-reads
 * a few seconds back (a slower transaction may commit a message stamped earlier than one
 * already seen) and remembers which ids it has delivered.
 */
export type LiveListener = (message: MessageWithAuthor) => void;

const POLL_MS = 500;
const LOOKBACK_MS = 5000;
const BATCH = 1000;

export type ChatLive = {
  /** Resolves once the poller knows what already exists: anything committed later is delivered. */
  subscribe(channelId: string, listener: LiveListener): Promise<() => void>;
  /** Poll now (this process just committed a message). */
  kick(): void;
  /** How many streams of this process listen (tests check that closed streams let go). */
  size(): number;
  /** Ends the poller; `onClose` of each stream is the caller's. */
  stop(): void;
};

const hubs = new WeakMap<AppContext, ChatLive>();

export function chatLive(ctx: AppContext): ChatLive {
  let hub = hubs.get(ctx);
  if (!hub) {
    hub = createHub(ctx);
    hubs.set(ctx, hub);
  }
  return hub;
}

function createHub(ctx: AppContext): ChatLive {
  const listeners = new Map<string, Set<LiveListener>>();
  const seen = new Map<string, string>();
  let newest = '';
  let primed: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const count = () => [...listeners.values()].reduce((n, s) => n + s.size, 0);
  const windowStart = () => {
    const base = newest ? Date.parse(newest) : Date.now();
    return new Date(Math.min(base, Date.now()) - LOOKBACK_MS).toISOString();
  };

  async function read(deliver: boolean): Promise<void> {
    const since = windowStart();
    const rows = await chatRepository.since(ctx.database.db, since, BATCH);
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.set(row.id, row.created_at);
      if (row.created_at > newest) newest = row.created_at;
      if (!deliver) continue;
      for (const listener of listeners.get(row.channel_id) ?? []) {
        try {
          listener(row);
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

  function schedule() {
    if (timer || stopped) return;
    timer = setInterval(() => {
      if (count() === 0) {
        if (timer) clearInterval(timer);
        timer = null;
        primed = null;
        return;
      }
      void poll();
    }, POLL_MS);
    timer.unref();
  }

  return {
    async subscribe(channelId, listener) {
      let set = listeners.get(channelId);
      if (!set) {
        set = new Set();
        listeners.set(channelId, set);
      }
      set.add(listener);
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
        set.delete(listener);
        throw err;
      }
      return () => {
        const current = listeners.get(channelId);
        current?.delete(listener);
        if (current?.size === 0) listeners.delete(channelId);
      };
    },
    kick() {
      if (count() > 0 && primed) void poll();
    },
    size: count,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      listeners.clear();
    },
  };
}
