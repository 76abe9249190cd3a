import { describe, expect, it } from 'vitest';
import { renderGuide } from './guide-renderer.js';

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
