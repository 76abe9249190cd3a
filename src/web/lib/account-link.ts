const ACCOUNT_LINK = /\/(reset-password|verify-email)\/([A-Za-z0-9_-]+)/;

/**
 * The password reset or email verification link of an email, as a path on this site (the email's
 * host comes from PUBLIC_URL, which may name another address than this page's).
 */
export function accountLinkPath(text: string): { path: string; label: string } | null {
  const match = ACCOUNT_LINK.exec(text);
  if (!match?.[1] || !match[2]) return null;
  const label = match[1] === 'reset-password' ? 'Open password reset link' : 'Open verification link';
  return { path: `/${match[1]}/${match[2]}`, label };
}
