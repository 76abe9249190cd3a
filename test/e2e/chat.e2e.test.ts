import { describe, expect, it } from 'vitest';
import { browserSuite, chromiumInstalled, signUpInBrowser } from '../support/browser.js';
import { uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';

describe.skipIf(!chromiumInstalled())('#general and the welcome message in the web app', () => {
  const suite = browserSuite();

  it('sends, receives live, shows text as text, and edits the welcome', async () => {
    const email = uniqueEmail('chat');
    const page = await suite.page();
    await signUpInBrowser(page, { workspaceName: 'Chat Works', name: 'Ada Lovelace', email });
    await page.goto('/chat/general');
    await page.getByRole('heading', { name: '#general' }).waitFor();

    await page.getByRole('textbox', { name: 'Message' }).fill('Hello <b>team</b>');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const log = page.getByRole('log', { name: 'Messages in #general' });
    await expect.poll(() => log.textContent()).toContain('Hello <b>team</b>');

    // Someone else posts: it appears without a reload.
    const api = await signIn(suite.server, email);
    const me = await api.get<{ workspace: { id: string } }>('/api/v1/me');
    const rep = await addMember(suite.server, { workspaceId: me.body.workspace.id, name: 'Grace Hopper' });
    const grace = await signIn(suite.server, rep.email);
    const channels = await grace.get<{ items: { id: string }[] }>('/api/v1/channels');
    const channelId = channels.body.items[0]?.id ?? '';
    expect((await grace.post(`/api/v1/channels/${channelId}/messages`, { body: 'Hi @Ada Lovelace!' })).status).toBe(
      201,
    );
    await expect.poll(() => log.textContent(), { timeout: 5000 }).toContain('Hi @Ada Lovelace!');
    expect(await log.locator('b').count()).toBe(0);

    await page.goto('/admin/onboarding');
    const section = page.getByRole('region', { name: 'Welcome message', exact: true });
    await section.waitFor();
    await section.getByRole('switch', { name: 'Post a welcome message' }).check();
    await section.getByRole('textbox', { name: 'Welcome message' }).fill('Welcome {name}, our new {role}!');
    await expect
      .poll(() => section.getByRole('region', { name: 'Preview' }).textContent())
      .toContain('Welcome Jamie Rivera, our new Sales Rep!');
    await section.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(
        async () => (await api.get<{ enabled: boolean; template: string }>('/api/v1/onboarding/welcome-message')).body,
      )
      .toMatchObject({ enabled: true, template: 'Welcome {name}, our new {role}!' });
  });
});
