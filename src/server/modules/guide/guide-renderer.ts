import { Marked, type Token, Tokenizer } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { GUIDE_MAX_CHARS } from '../../../shared/guide.js';

/** Quotes and lists inside one another: the renderer goes one call deeper for each level. */
export const GUIDE_MAX_NESTING = 20;
/**
 * Characters marked's inline rules may scan ahead in one guide. An opening `*`, `_` or `~` that
 * finds no partner scans the rest of its paragraph, and the rules that find email addresses in
 * text scan a whole run of letters, digits and `*_~.-` from every token inside it: thousands of
 * those in one paragraph cost seconds. A long real guide scans some tens of thousands, a long
 * paragraph of snake_case names or bold words about a hundred thousand.
 */
export const GUIDE_SCAN_BUDGET = 1_000_000;
/** A last bound, in milliseconds of processor time, for any slow path of the renderer the counts above do not foresee. */
export const GUIDE_RENDER_MS = 1000;
/** Link addresses and titles in the HTML, all links together: a reference link repeats its address at every use. */
export const GUIDE_MAX_LINK_CHARS = 200_000;
/**
 * Opening brackets: marked looks for a reference link at every `[`, up to 999 characters ahead,
 * in one pass of a regular expression that nothing can interrupt. 5,000 cost some 50 ms.
 */
export const GUIDE_MAX_BRACKETS = 5_000;

/** A guide the server will not render, with a message for the person who wrote it. */
export class GuideTooComplexError extends Error {
  override name = 'GuideTooComplexError';
}

const NESTING_MESSAGE = `Quotes and lists are nested more than ${GUIDE_MAX_NESTING} levels deep: use at most ${GUIDE_MAX_NESTING}.`;
const SCAN_MESSAGE =
  'The guide has too many *, _ or ~ marks in long runs of text to render: split long paragraphs, add spaces, or write \\* where a mark is not emphasis.';
const SLOW_MESSAGE = 'The guide takes too long to render: split long paragraphs and simplify their emphasis marks.';
const LINKS_MESSAGE = `The guide’s links repeat too much text: all link addresses together (a reference link counts at every use) may be at most ${GUIDE_MAX_LINK_CHARS.toLocaleString('en')} characters.`;
const BRACKETS_MESSAGE = `The guide has more than ${GUIDE_MAX_BRACKETS.toLocaleString('en')} opening brackets “[”: use at most ${GUIDE_MAX_BRACKETS.toLocaleString('en')} links.`;
const FAILED_MESSAGE =
  'The guide could not be rendered: simplify its Markdown (fewer nested quotes, lists or emphasis marks) and save again.';

/**
 * marked's own tokenizer with a bound on what it may cost: block quotes and lists recurse once
 * per level of nesting, and some inline rules scan ahead (see GUIDE_SCAN_BUDGET). One per render.
 */
class BoundedTokenizer extends Tokenizer {
  private depth = 0;
  private scanned = 0;
  private calls = 0;
  // Processor time, not wall time: a busy machine does not make a guide too slow.
  private readonly started = process.cpuUsage();

  private nested<T>(parse: () => T): T {
    this.depth += 1;
    try {
      // The content of the deepest level is tried as a quote or list too: one call more.
      if (this.depth > GUIDE_MAX_NESTING + 1) throw new GuideTooComplexError(NESTING_MESSAGE);
      return parse();
    } finally {
      this.depth -= 1;
    }
  }

  private spend(chars: number) {
    this.scanned += chars;
    if (this.scanned > GUIDE_SCAN_BUDGET) throw new GuideTooComplexError(SCAN_MESSAGE);
    // Reading the clock costs more than a token: every 256th.
    this.calls += 1;
    if ((this.calls & 255) === 0) {
      const used = process.cpuUsage(this.started);
      if ((used.user + used.system) / 1000 > GUIDE_RENDER_MS) throw new GuideTooComplexError(SLOW_MESSAGE);
    }
  }

  /** The run of address characters at the start of `src`: what the email rules scan from here. */
  private addressRun(src: string) {
    ADDRESS_RUN.lastIndex = 0;
    ADDRESS_RUN.test(src);
    this.spend(ADDRESS_RUN.lastIndex);
  }

  /** One emphasis attempt scans up to its partner, or to the end of the paragraph without one. */
  private emphasis<T extends { raw: string } | undefined>(src: string, scans: boolean, attempt: () => T): T {
    const token = attempt();
    this.spend(token ? token.raw.length : scans ? src.length : 0);
    return token;
  }

  override blockquote(src: string) {
    return this.nested(() => super.blockquote(src));
  }

  override list(src: string) {
    return this.nested(() => super.list(src));
  }

  override emStrong(src: string, maskedSrc: string, prevChar?: string) {
    // A mark that cannot open (a lone `*` between spaces, the `_` inside snake_case) is turned
    // down before any scan.
    const scans = EM_OPENER.test(src) && !(INWORD_UNDERSCORE.test(src) && WORD_CHAR.test(prevChar ?? ''));
    return this.emphasis(src, scans, () => super.emStrong(src, maskedSrc, prevChar));
  }

  override del(src: string, maskedSrc: string, prevChar?: string) {
    return this.emphasis(src, DEL_OPENER.test(src), () => super.del(src, maskedSrc, prevChar));
  }

  override url(src: string) {
    this.addressRun(src);
    return super.url(src);
  }

  override inlineText(src: string) {
    this.addressRun(src);
    return super.inlineText(src);
  }
}

// Marks followed by something other than a space (or the end): those are the ones that scan,
// as marked's emStrongLDelim and delLDelim rules have it.
const EM_OPENER = /^(?:\*+[^\s*]|_+[^\s_])/;
const INWORD_UNDERSCORE = /^_+[^\s_\p{P}\p{S}]/u;
const WORD_CHAR = /^[\p{L}\p{N}]/u;
const DEL_OPENER = /^~~?[^\s~]/;
// The characters of an email address's local part, as marked's text and url rules match them.
const ADDRESS_RUN = /[a-zA-Z0-9.!#$%&'*+/=?_`{|}~-]*/y;

// One instance of our own, so no other module's `marked.use()` can change how the guide renders.
const markdown = new Marked({ gfm: true, breaks: false });

/** Characters the links of the guide add to its HTML: addresses and titles, once per use. */
function linkChars(tokens: Token[]): number {
  let total = 0;
  markdown.walkTokens(tokens, (token) => {
    if (token.type === 'link' || token.type === 'image') total += token.href.length + (token.title?.length ?? 0);
  });
  return total;
}

/** Markdown to HTML, within the bounds above; marked passes raw HTML through. */
function renderMarkdown(source: string): string {
  if (source.length > GUIDE_MAX_CHARS) {
    throw new GuideTooComplexError(`At most ${GUIDE_MAX_CHARS.toLocaleString('en')} characters.`);
  }
  let brackets = 0;
  for (let at = source.indexOf('['); at !== -1; at = source.indexOf('[', at + 1)) {
    if (++brackets > GUIDE_MAX_BRACKETS) throw new GuideTooComplexError(BRACKETS_MESSAGE);
  }
  const options = { ...markdown.defaults, async: false as const, tokenizer: new BoundedTokenizer() };
  const tokens = markdown.lexer(source, options);
  if (linkChars(tokens) > GUIDE_MAX_LINK_CHARS) throw new GuideTooComplexError(LINKS_MESSAGE);
  return markdown.parser(tokens, options);
}

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
 * Throws GuideTooComplexError, with a message for the writer, for a guide it will not render,
 * and for any failure of the renderer (a stack overflow, say): never a server error.
 */
export function renderGuide(source: string): string {
  try {
    return sanitizeHtml(renderMarkdown(source), POLICY).trim();
  } catch (error) {
    if (error instanceof GuideTooComplexError) throw error;
    throw new GuideTooComplexError(FAILED_MESSAGE, { cause: error });
  }
}
