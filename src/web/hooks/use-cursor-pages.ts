import { useCallback, useState } from 'react';

/**
 * Cursor pagination as a stack of cursors: "Next page" pushes the answer's nextCursor,
 * "Previous page" pops. Changing `resetKey` (the filters) goes back to the first page.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: (string | null)[] }>({ key: resetKey, stack: [null] });
  if (state.key !== resetKey) setState({ key: resetKey, stack: [null] });
  const stack = state.key === resetKey ? state.stack : [null];

  const next = useCallback((cursor: string) => setState((s) => ({ ...s, stack: [...s.stack, cursor] })), []);
  const previous = useCallback(
    () => setState((s) => ({ ...s, stack: s.stack.length > 1 ? s.stack.slice(0, -1) : s.stack })),
    [],
  );

  return { cursor: stack[stack.length - 1] ?? null, page: stack.length, hasPrevious: stack.length > 1, next, previous };
}
