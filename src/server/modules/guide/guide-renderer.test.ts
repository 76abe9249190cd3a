import { describe, expect, it } from 'vitest';
import { GUIDE_MAX_CHARS } from '../../../shared/guide.js';
import { GuideTooComplexError, renderGuide } from './guide-renderer.js';

describe('renderGuide', () => {
  it('keeps the Markdown a guide needs', () => {
    const html = renderGuide(
      [
        '# Welcome',
        '',
        'Some **bold**, *italic* and `code`.',
        '',
        '- one',
        '- two',
        '',
        '> a quote',
        '',
        '| a | b |',
        '|---|---|',
        '| 1 | 2 |',
        '',
        '[Docs](https://example.com/docs) and [mail](mailto:help@example.com)',
      ].join('\n'),
    );
    expect(html).toContain('<h1>Welcome</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>italic</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<table>');
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('<a href="https://example.com/docs" target="_blank" rel="noopener noreferrer">Docs</a>');
    expect(html).toContain('href="mailto:help@example.com"');
  });

  it('removes a script tag and its content', () => {
    const html = renderGuide('Hello <script>alert(1)</script> world\n\n<script src="https://evil.test/x.js"></script>');
    expect(html).not.toMatch(/script/i);
    expect(html).not.toContain('alert(1)');
    expect(html).toContain('Hello');
  });

  it('removes an image with onerror, and event handlers on allowed tags', () => {
    const html = renderGuide(
      '<img src="x" onerror="alert(1)">\n\n<p onclick="alert(2)">Hi</p>\n\n<a href="https://ok.test" onmouseover="alert(3)">ok</a>',
    );
    expect(html).not.toMatch(/onerror|onclick|onmouseover|<img/i);
    expect(html).not.toContain('alert');
    expect(html).toContain('<p>Hi</p>');
    expect(html).toContain('href="https://ok.test"');
  });

  it('drops javascript: links in Markdown and in HTML, whatever their case or padding', () => {
    const html = renderGuide(
      '[click](javascript:alert(1))\n\n<a href="JaVaScRiPt:alert(2)">two</a>\n\n<a href=" javascript:alert(3)">three</a>\n\n<a href="java&#x09;script:alert(4)">four</a>',
    );
    expect(html).not.toMatch(/javascript/i);
    expect(html).not.toContain('alert(');
  });

  it('drops data: URLs in links and images, and protocol-relative links', () => {
    const html = renderGuide(
      '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n\n![pic](data:image/png;base64,AAAA)\n\n<a href="//evil.test/">rel</a>',
    );
    expect(html).not.toMatch(/data:/i);
    expect(html).not.toContain('evil.test');
    expect(html).not.toContain('<img');
  });

  it('removes iframes, objects, forms and style elements', () => {
    const html = renderGuide(
      '<iframe src="https://evil.test"></iframe>\n\n<object data="x"></object>\n\n<form action="https://evil.test"><input name="q"></form>\n\n<style>body{display:none}</style>\n\nText',
    );
    expect(html).not.toMatch(/<iframe|<object|<form|<input|<style|display:none/i);
    expect(html).toContain('Text');
  });

  it('removes style and class attributes', () => {
    const html = renderGuide('<p style="position:fixed;inset:0" class="overlay">Covered</p>');
    expect(html).toBe('<p>Covered</p>');
  });
});

/** What renderGuide threw, or null when it rendered. */
function refusal(markdown: string): GuideTooComplexError | null {
  try {
    renderGuide(markdown);
    return null;
  } catch (error) {
    if (error instanceof GuideTooComplexError) return error;
    throw error;
  }
}

/** A long guide as an admin writes one: headings, emphasis, links, lists, quotes, tables, code. */
function longGuide(): string {
  const parts = ['# Welcome to the team', ''];
  for (let i = 1; parts.join('\n').length < GUIDE_MAX_CHARS - 1500; i++) {
    parts.push(
      `## Step ${i}: read the **playbook** and the *pricing* notes`,
      '',
      `Qualify with **BANT**, log calls in the CRM and ask your buddy. See [the wiki](https://wiki.example.com/sales/step-${i}?ref=guide_${i}) or mail help_${i}@example.com. Name fields in \`snake_case\`, ~~old way~~ new way, and _never_ skip a follow-up: ***really***.`,
      '',
      '- First, *open* the **Leads** view',
      '- Then filter by `owner = me`',
      '  - check the **due** column',
      '    - and the _next step_',
      '1. Call',
      '2. Email',
      '',
      `> Tip: a quote with **bold** and a [link](https://example.com/${i}).`,
      '> > and a quote in it',
      '',
      '| Stage | Owner | Notes |',
      '|---|---|---|',
      `| Lead | Rep | *fast* ${i} |`,
      '',
      '```js',
      `const x_${i} = "**not emphasis**";`,
      '```',
      '',
    );
  }
  return parts.join('\n');
}

describe('renderGuide bounds', () => {
  it('renders a long guide as an admin writes one', () => {
    const guide = longGuide();
    expect(guide.length).toBeGreaterThan(45_000);
    expect(guide.length).toBeLessThanOrEqual(GUIDE_MAX_CHARS);
    const html = renderGuide(guide);
    expect(html).toContain('<strong>BANT</strong>');
    expect(html).toContain('<del>old way</del>');
    expect(html.match(/<blockquote>/g)?.length).toBeGreaterThan(100);
  });

  it('renders long paragraphs of snake_case names, products like 5*3, and many bold words', () => {
    const words = (word: (i: number) => string) =>
      Array.from({ length: 6000 }, (_, i) => word(i))
        .join(' ')
        .slice(0, GUIDE_MAX_CHARS);
    for (const paragraph of [
      words((i) => `field_name_${i}`),
      words((i) => `${i}*3`),
      words((i) => (i % 2 ? `**bold${i}**` : 'plain')),
      words((i) => (i % 3 ? `_em${i}_` : `a * ${i}`)),
      words((i) => `user${i}@example.com`),
    ]) {
      expect(refusal(paragraph), paragraph.slice(0, 40)).toBeNull();
    }
  });

  it('refuses 49,999 `>`: quotes nested past 20 levels, before marked recurses that deep', () => {
    expect(refusal('>'.repeat(49_999))?.message).toBe(
      'Quotes and lists are nested more than 20 levels deep: use at most 20.',
    );
  });

  it('renders quotes and lists 20 levels deep, and refuses 21', () => {
    const quotes = (n: number) => `${'>'.repeat(n)} deep`;
    const lists = (n: number) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');
    const mixed = (n: number) => `${'> - '.repeat(Math.floor(n / 2))}${n % 2 ? '> ' : ''}deep`;
    for (const nest of [quotes, lists, mixed]) {
      expect(refusal(nest(20)), nest.name).toBeNull();
      expect(refusal(nest(21))?.message, nest.name).toMatch(/nested more than 20 levels/);
    }
    expect(renderGuide(quotes(20)).match(/<blockquote>/g)).toHaveLength(20);
  });

  it.each([
    ['**a', 16_000],
    ['_a*', 16_000],
    ['__a', 16_000],
    ['*a', 25_000],
    ['~~a', 16_000],
    ['***a', 12_000],
  ])('refuses %s × %i, whose emphasis marks scan the rest of the text again and again', (unit, times) => {
    expect(refusal(unit.repeat(times))?.message).toMatch(/too many \*, _ or ~ marks/);
  });

  it('refuses a guide longer than 50,000 characters', () => {
    expect(refusal('a'.repeat(GUIDE_MAX_CHARS + 1))?.message).toBe('At most 50,000 characters.');
    expect(refusal('a'.repeat(GUIDE_MAX_CHARS))).toBeNull();
  });

  it('refuses more than 5,000 opening brackets, each of which marked searches a reference link from', () => {
    expect(refusal(`${'[\\'.repeat(5001)} *`)?.message).toMatch(/more than 5,000 opening brackets/);
    expect(refusal('[a](https://example.com) '.repeat(1900))).toBeNull();
  });

  it('refuses a reference link whose long address is used thousands of times', () => {
    const markdown = `[a]: https://example.com/${'x'.repeat(30_000)}\n\n${'[a] '.repeat(4_000)}`;
    expect(refusal(markdown)?.message).toMatch(/links repeat too much text/);
    // A few uses are fine.
    expect(renderGuide(`[a]: https://example.com/${'x'.repeat(30_000)}\n\n[a] [a]`)).toContain('<a href=');
  });

  it('turns any failure of the renderer (a stack overflow here) into GuideTooComplexError', () => {
    // Calls renderGuide with less and less stack left until it no longer fails as the call itself:
    // the first answer then comes from a stack overflow inside marked or sanitize-html.
    let answer: unknown;
    const descend = () => {
      try {
        descend();
      } catch {
        // The bottom of the stack: from here up, each level tries once.
      }
      if (answer !== undefined) return;
      try {
        renderGuide('> quote\n\n- item\n\n**bold** and [link](https://example.com)');
        answer = 'rendered';
      } catch (error) {
        if (!(error instanceof RangeError)) answer = error;
      }
    };
    descend();
    expect(answer).toBeInstanceOf(GuideTooComplexError);
    expect((answer as Error).message).toMatch(/could not be rendered/);
  });
});
