/** Where to go after signing in: only a path inside this app, never another site. */
export function safeNextPath(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next === '/login' || next === '/signup') return '/';
  return next;
}
