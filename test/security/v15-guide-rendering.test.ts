import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Guide } from '../../src/shared/api/guide.js';
import type { Problem } from '../../src/shared/errors.js';
import { type SignedUp, signUp } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

// ASVS 5.0 V15.2.2 (defences against resource-demanding functionality), V1.3.12 (runaway regular
// expressions) and V1.3.5 (Markdown sanitised): the Getting Started guide is rendered from Markdown
// on the server, at save. Its cost is bounded before and while rendering, and a guide it will not
// render is a 400 on the `markdown` field, never a 500.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function adminWithGuide(): Promise<SignedUp> {
  const admin = await signUp(server.url);
  const saved = await admin.client.put<Guide>('/api/v1/onboarding/guide', { markdown: '# Kept' });
  expect(saved.status).toBe(200);
  return admin;
}

async function expectRefused(admin: SignedUp, markdown: string, message: RegExp) {
  const answer = await admin.client.put<Problem>('/api/v1/onboarding/guide', { markdown });
  expect(answer.status, answer.text.slice(0, 300)).toBe(400);
  expect(answer.body.code).toBe('validation_failed');
  expect(answer.body.errors?.[0]?.path).toBe('markdown');
  expect(answer.body.errors?.[0]?.message).toMatch(message);
  // Nothing was saved.
  expect((await admin.client.get<Guide>('/api/v1/onboarding/guide')).body.markdown).toBe('# Kept');
}

describe('V15.2.2 the guide renderer has bounded cost, and a renderer failure is a 400', () => {
  it('refuses 49,999 `>` (a RangeError in marked, a 500, before): 400 validation_failed on markdown', async () => {
    const admin = await adminWithGuide();
    await expectRefused(admin, '>'.repeat(49_999), /nested more than 20 levels/);
    await expectRefused(admin, '> - '.repeat(12_000), /nested more than 20 levels/);
  });

  it('refuses runs of emphasis marks without holding the server: the event loop never waits long', async () => {
    const admin = await adminWithGuide();
    // The server runs in this process: its event loop is the one measured here.
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    try {
      // `**a` held the server 0.3 s, `__a` 3 s and `_a*` 29 s before.
      for (const markdown of ['**a'.repeat(16_000), '__a'.repeat(16_000), '_a*'.repeat(16_000)]) {
        const health = fetch(new URL('/healthz', server.url));
        await expectRefused(admin, markdown, /too many \*, _ or ~ marks/);
        expect((await health).status).toBe(200);
      }
    } finally {
      delay.disable();
    }
    // Each refusal takes milliseconds; the bound is generous because a busy machine adds delays of
    // its own. Before, the loop waited 3 s on `__a` and 29 s on `_a*`.
    expect(delay.max / 1e6).toBeLessThan(500);
  });

  it('still renders and saves a guide that nests and emphasises as people do', async () => {
    const admin = await adminWithGuide();
    const markdown = Array.from(
      { length: 300 },
      (_, i) => `> Step ${i}: **bold**, *italic*, ~~old~~ and _under_\n>\n> - a list\n>   - in a list\n\n`,
    ).join('');
    const saved = await admin.client.put<Guide>('/api/v1/onboarding/guide', { markdown });
    expect(saved.status, saved.text.slice(0, 300)).toBe(200);
    expect(saved.body.html).toContain('<strong>bold</strong>');
  });
});
