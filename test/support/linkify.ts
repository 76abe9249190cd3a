import { simpleParser } from 'mailparser';

/**
 * The links an eager linkifier makes of plain text, as mail clients do with anything that looks
 * like a URL, a domain or an address. mailparser's `textAsHtml` is that linkifier: linkify-it with
 * fuzzy links, fuzzy emails and IP addresses, the full list of top-level domains and `@handles`.
 */
export async function linksIn(text: string): Promise<string[]> {
  const raw = [
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(text, 'utf8').toString('base64'),
  ].join('\r\n');
  const parsed = await simpleParser(raw);
  return anchorHrefs(typeof parsed.textAsHtml === 'string' ? parsed.textAsHtml : '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return String.fromCodePoint(code);
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/**
 * The text a mail client shows of an HTML part: what `<head>` holds is not shown, block elements
 * break lines, and inline markup vanishes, so `evil.<span></span>com` reads as `evil.com`.
 */
export function visibleText(html: string): string {
  const body = html.replace(/<head[\s\S]*?<\/head>/gi, '').replace(/<(style|script)[\s\S]*?<\/\1>/gi, '');
  const text = body.replace(/<(?:br|\/?(?:p|div|td|tr|table|li|h[1-6]))\b[^>]*>/gi, '\n').replace(/<[^>]*>/g, '');
  return decodeEntities(text);
}

/** The `href` of every `<a>` in an HTML text, entities decoded. */
export function anchorHrefs(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*?\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)].map((m) =>
    decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''),
  );
}

/** Every link of an email, in both parts, that does not go where we sent it: none is the goal. */
export async function foreignLinks(
  mail: { text: string; html: string },
  ours: (href: string) => boolean,
): Promise<{ htmlAnchors: string[]; htmlText: string[]; text: string[] }> {
  const foreign = (hrefs: string[]) => hrefs.filter((href) => !ours(href));
  return {
    htmlAnchors: foreign(anchorHrefs(mail.html)),
    htmlText: foreign(await linksIn(visibleText(mail.html))),
    text: foreign(await linksIn(mail.text)),
  };
}
