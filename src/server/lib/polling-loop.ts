/**
 * The loop of a background worker: run a batch; when it found nothing, wait `pollMs` or until
 * kicked (new work committed in this process); a failed batch is logged and retried.
 */
export type PollingLoop = { kick(): void; stop(): Promise<void> };

export function startPollingLoop(args: {
  pollMs: number;
  runBatch: () => Promise<number>;
  onError: (err: unknown) => void;
}): PollingLoop {
  let stopped = false;
  let kicked = false;
  let wake: (() => void) | null = null;

  const idle = () =>
    new Promise<void>((resolve) => {
      if (kicked || stopped) {
        kicked = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, args.pollMs);
      function done() {
        clearTimeout(timer);
        wake = null;
        kicked = false;
        resolve();
      }
      wake = done;
    });

  const loop = (async () => {
    while (!stopped) {
      let handled = 0;
      try {
        handled = await args.runBatch();
      } catch (err) {
        if (!stopped) args.onError(err);
      }
      if (handled === 0 && !stopped) await idle();
    }
  })();

  return {
    kick() {
      kicked = true;
      wake?.();
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
