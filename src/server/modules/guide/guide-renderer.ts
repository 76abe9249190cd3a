import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** The longest guide an admin may save, in characters of Markdown. */
export const GUIDE_MAX_CHARS = 50_000;

// One instance of our own, so no other module's `marked.use()` can change how the guide renders.
const markdown = new Marked({ gfm: true, breaks: false });

/**
 * What the guide may contain once rendered: text structure, emphasis, code, quotes, tables and
 * links. No images: the app's CSP allows only same-origin images, and a remote picture is a
 * tracking beacon in every reader's browser; an admin links to the picture instead.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'del',
    'code',
    'pre',
    'blockquote',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'a',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Anything else (script, iframe, style…) goes; script and style contents go with it.
  disallowedTagsMode: 'discard',
  transformTags: {
    // Every link opens apart from the app and tells the target nothing about it.
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer' },
    }),
  },
};

/**
 * The guide's Markdown as HTML that is safe to insert into the app's pages as it is: marked
 * passes raw HTML through, so everything it produces goes through the allow-list above.
 */
export function renderGuide(source: string): string {
  return sanitizeHtml(markdown.parse(source, { async: false }), POLICY).trim();
}
