const INVITE_PATH = /\/invite\/([A-Za-z0-9_-]+)/;

/**
 * The invitation link of an email, as a path on this site: the email's host comes from
 * PUBLIC_URL, which may name another address than the one this page was opened at.
 */
export function invitationPath(text: string): string | null {
  const token = INVITE_PATH.exec(text)?.[1];
  return token ? `/invite/${token}` : null;
}
