import type { Client } from './client.js';

export type ServerSentEvent = { id: string; data: string };

export type EventStream = {
  status: number;
  /** The problem's code when the stream was refused. */
  code: string | null;
  /** Every event with an id received so far, in order. */
  events: ServerSentEvent[];
  /** Resolves when the event with that id has arrived (at once if it already has). */
  next(id: string, ms?: number): Promise<ServerSentEvent>;
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
  let code: string | null = null;
  if (response.status === 200 && response.body) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const lines = buffer.slice(0, end).split('\n');
            buffer = buffer.slice(end + 2);
            const id = lines.find((l) => l.startsWith('id: '))?.slice(4);
            const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
            if (id && data !== undefined) {
              events.push({ id, data });
              for (const wake of waiters) wake();
            }
          }
        }
      } catch {
        // aborted
      }
    })();
  } else {
    code = ((await response.json().catch(() => ({}))) as { code?: string }).code ?? null;
  }
  return {
    status: response.status,
    code,
    events,
    next(id, ms = 1000) {
      return new Promise<ServerSentEvent>((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => e.id === id);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`event ${id} did not arrive within ${ms} ms`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}
