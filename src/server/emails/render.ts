const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * Where a linkifier carries on a URL, a host, an address or a UNC path: after a dot, a colon, an
 * `@`, a backslash, the first slash of `//`, and the full-width and ideographic forms browsers read
 * as those. Other slashes are left alone: no link starts at one, and "and/or" or "</b>" stay as typed.
 */
const LINK_JOINTS = /[.:@\\\u3002\uFF0E\uFF61\uFF1A\uFF20\uFF3C]|\/(?=\/)/g;

/**
 * Text a person typed (their name, a workspace or team name) for both parts of an email, never a
 * link: mail clients (Gmail, Outlook, Apple Mail) link whatever looks like a URL or a domain, so a
 * name like "confirm at https://evil.example/login" would be a phishing link sent in our name.
 * After each joint, the text part gets a zero-width space (no URL or host may hold one, so
 * linkifiers stop there; it is invisible) and the HTML part gets a `<span>` boundary holding one
 * (clients that link each text node see the pieces apart; those that strip spans still see the
 * space). Every template shows user text through this function only, never inside an `<a>`.
 */
export function userText(value: string): { text: string; html: string } {
  return {
    text: value.replace(LINK_JOINTS, (c) => `${c}\u200b`),
    html: escapeHtml(value).replace(LINK_JOINTS, (c) => `${c}<span>&#8203;</span>`),
  };
}

/** A header value: one line, whatever a name contained. */
export function headerText(text: string): string {
  return text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();
}

// Building a DateTimeFormat costs far more than using one.
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

export function formatDate(iso: string): string {
  return `${DATE_FORMAT.format(new Date(iso))} UTC`;
}

/** The shared frame of our HTML emails: simple tables and inline styles that mail clients keep. */
export function htmlLayout(args: { title: string; body: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="format-detection" content="telephone=no, date=no, address=no, email=no, url=no"><title>${escapeHtml(userText(args.title).text)}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:Helvetica,Arial,sans-serif;color:#1f2933;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="background:#ffffff;border-radius:8px;padding:32px;">
<tr><td style="font-size:20px;font-weight:bold;color:#1c7ed6;padding-bottom:16px;">SalesOS</td></tr>
<tr><td style="font-size:15px;line-height:1.6;">${args.body}</td></tr>
</table></td></tr></table></body></html>`;
}

export function htmlButton(href: string, label: string): string {
  return `<p style="margin:24px 0;"><a href="${escapeHtml(href)}" style="background:#1c7ed6;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold;display:inline-block;">${escapeHtml(label)}</a></p>`;
}
