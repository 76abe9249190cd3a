import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import type { Channel, Message } from '../../src/shared/api/chat.js';
import type { Page } from '../../src/shared/api/pagination.js';
import type { Problem } from '../../src/shared/errors.js';
import type { Client } from '../support/client.js';
import { signUp } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  const defaults = loadConfig({}).rateLimits;
  server = await startTestServer({
    config: {
      rateLimits: {
        ...defaults,
        signupPerAddress: { max: 10_000, windowSeconds: 3600 },
        chatPostPerMember: { max: 3, windowSeconds: 60 },
      },
    },
  });
});
afterAll(async () => {
  await server?.close();
});

async function generalOf(client: Client): Promise<string> {
  const answer = await client.get<Page<Channel>>('/api/v1/channels');
  const general = answer.body.items.find((c) => c.name === 'general');
  if (!general) throw new Error(`no #general: ${answer.text}`);
  return general.id;
}

describe('posting to #general is rate limited per member', () => {
  it('refuses the message past the limit with 429 rate_limited and Retry-After, stores nothing, and leaves others alone', async () => {
    const first = await signUp(server.url);
    const channel = await generalOf(first.client);
    const path = `/api/v1/channels/${channel}/messages`;
    for (let i = 0; i < 3; i++) expect((await first.client.post(path, { body: `message ${i}` })).status).toBe(201);
    const refused = await first.client.post<Problem>(path, { body: 'one too many' });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const history = await first.client.get<Page<Message>>(path);
    expect(history.body.items.map((m) => m.body)).not.toContain('one too many');
    // Reading is not limited, and another member (here: of another workspace) still posts.
    expect(history.status).toBe(200);
    const second = await signUp(server.url);
    expect(
      (await second.client.post(`/api/v1/channels/${await generalOf(second.client)}/messages`, { body: 'hi' })).status,
    ).toBe(201);
  });
});
