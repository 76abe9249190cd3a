import type { Problem } from '../../src/shared/errors.js';
import type { Client } from './client.js';

export type ServerSentEvent = { id: string; data: string };

export type EventStream = {
  status: number;
  /** The problem's code when the stream was refused. */
  code: string | null;
  /** The refusal's `Retry-After` header, when it sent one. */
  retryAfter: string | null;
  /** Every event with an id received so far, in order. */
  events: ServerSentEvent[];
  /** The reason of the server's `event: end`, once it has arrived. */
  endReason: string | null;
  /** True once the server has closed the connection (not when `close()` was called). */
  closed: boolean;
  /** Resolves when the event with that id has arrived (at once if it already has). */
  next(id: string, ms?: number): Promise<ServerSentEvent>;
  /** Resolves when the server has closed the stream, with the reason of its end event (or null). */
  ended(ms?: number): Promise<string | null>;
  close(): void;
};

/** Reads `text/event-stream` with fetch as the client's session, collecting the events. */
export async function openEventStream(client: Client, path: string, lastEventId?: string): Promise<EventStream> {
  const controller = new AbortController();
  const headers: Record<string, string> = { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const response = await fetch(new URL(path, client.baseUrl), { headers, signal: controller.signal });
  const events: ServerSentEvent[] = [];
  const waiters = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of waiters) wake();
  };
  let code: string | null = null;
  const state = { endReason: null as string | null, closed: false };
  if (response.status === 200 && response.body) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const lines = buffer.slice(0, end).split('\n');
            buffer = buffer.slice(end + 2);
            const type = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
            const id = lines.find((l) => l.startsWith('id: '))?.slice(4);
            const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
            if (type === 'end') {
              const parsed = JSON.parse(data ?? '{}') as { reason?: string };
              state.endReason = parsed.reason ?? '';
              wakeAll();
            } else if (id && data !== undefined) {
              events.push({ id, data });
              wakeAll();
            }
          }
        }
        state.closed = true;
      } catch {
        // Aborted by close(), or the connection broke: either way it is over.
        state.closed = !controller.signal.aborted;
      }
      wakeAll();
    })();
  } else {
    code = ((await response.json().catch(() => ({}))) as Partial<Problem>).code ?? null;
  }

  /** Resolves with `pick()` once it is defined, rejects with `failure()` once that is, or after `ms`. */
  function waitFor<T>(
    pick: () => T | undefined,
    failure: () => string | undefined,
    ms: number,
    late: string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = pick();
        const failed = found === undefined ? failure() : undefined;
        if (found === undefined && failed === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        if (found !== undefined) resolve(found);
        else reject(new Error(failed));
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(late));
      }, ms);
      waiters.add(check);
      check();
    });
  }

  return {
    status: response.status,
    code,
    retryAfter: response.status === 200 ? null : response.headers.get('retry-after'),
    events,
    get endReason() {
      return state.endReason;
    },
    get closed() {
      return state.closed;
    },
    next(id, ms = 1000) {
      return waitFor(
        () => events.find((e) => e.id === id),
        () => (state.closed ? `the stream closed before event ${id} arrived` : undefined),
        ms,
        `event ${id} did not arrive within ${ms} ms`,
      );
    },
    async ended(ms = 2000) {
      await waitFor(
        () => (state.closed ? true : undefined),
        () => undefined,
        ms,
        `the stream was still open after ${ms} ms`,
      );
      return state.endReason;
    },
    close: () => controller.abort(),
  };
}
