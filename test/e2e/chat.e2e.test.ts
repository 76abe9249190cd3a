import { describe, expect, it } from 'vitest';
import { chatLive } from '../../src/server/modules/chat/chat.live.js';
import type { Me } from '../../src/shared/api/auth.js';
import type { Channel, WelcomeMessage } from '../../src/shared/api/chat.js';
import type { Page } from '../../src/shared/api/pagination.js';
import { browserSuite, chromiumInstalled, screenshot, signInInBrowser, signUpInBrowser } from '../support/browser.js';
import { signUp, uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';

describe.skipIf(!chromiumInstalled())('#general and the welcome message in the web app', () => {
  const suite = browserSuite();

  it('sends, receives live, shows text as text, links mentions to people’s pages, and edits the welcome', async () => {
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
    const me = await api.get<Me>('/api/v1/me');
    const rep = await addMember(suite.server, { workspaceId: me.body.workspace.id, name: 'Grace Hopper' });
    const grace = await signIn(suite.server, rep.email);
    const channels = await grace.get<Page<Channel>>('/api/v1/channels');
    const channelId = channels.body.items[0]?.id ?? '';
    expect((await grace.post(`/api/v1/channels/${channelId}/messages`, { body: 'Hi @Ada Lovelace!' })).status).toBe(
      201,
    );
    await expect.poll(() => log.textContent(), { timeout: 5000 }).toContain('Hi @Ada Lovelace!');
    expect(await log.locator('b').count()).toBe(0);

    // Mentions of members are links to their page; markup in a body stays text and never runs.
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const hostile = '<img src=x onerror=alert(1)>';
    await page.getByRole('textbox', { name: 'Message' }).fill(`Thanks @grace hopper! ${hostile}`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => log.textContent()).toContain(`Thanks @grace hopper! ${hostile}`);
    expect(await log.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    const adaMention = log.getByRole('link', { name: '@Ada Lovelace', exact: true });
    await adaMention.waitFor();
    expect(await adaMention.getAttribute('href')).toBe(`/people/${me.body.user.id}`);
    await log.getByRole('link', { name: '@grace hopper', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/people/${rep.id}`);
    const person = page.getByRole('article', { name: 'Grace Hopper' });
    await person.waitFor();
    await expect.poll(() => person.textContent()).toContain('Sales Rep');
    await screenshot(page, 'person-page.png', { height: 520 });
    await page.getByRole('button', { name: 'Back' }).click();
    await page.waitForURL((url) => url.pathname === '/chat/general');
    await log.getByRole('link', { name: '@Ada Lovelace', exact: true }).waitFor();

    // Typing @ and the start of a name offers the members who match; Enter takes the first.
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.pressSequentially('Welcome aboard @hop');
    await page.getByRole('option', { name: 'Grace Hopper' }).waitFor();
    await screenshot(page, 'general-mentions.png');
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('Welcome aboard @Grace Hopper ');
    expect(await page.getByRole('option').count()).toBe(0);
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('');
    await expect.poll(() => log.getByRole('link', { name: '@Grace Hopper', exact: true }).count()).toBe(1);

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
      .poll(async () => (await api.get<WelcomeMessage>('/api/v1/onboarding/welcome-message')).body)
      .toMatchObject({ enabled: true, template: 'Welcome {name}, our new {role}!' });
  });

  it('sends someone whose session ends while #general is open to sign in, and lets the stream go', async () => {
    const admin = await signUp(suite.server.url, { workspaceName: 'Live Ends' });
    const rep = await addMember(suite.server, { workspaceId: admin.workspace.id, name: 'Rita Rep' });
    const page = await suite.page();
    await signInInBrowser(page, rep.email);
    await page.goto('/chat/general');
    await page.getByRole('heading', { name: '#general' }).waitFor();
    const live = chatLive(suite.server.app.ctx);
    await expect.poll(() => live.size()).toBe(1);

    expect((await admin.client.post(`/api/v1/users/${rep.id}/deactivate`)).status).toBe(200);
    // The stream's end event, not a later request of the page, brings the sign-in page.
    await page.waitForURL((url) => url.pathname === '/login', { timeout: 5000 });
    expect(live.size()).toBe(0);
  });
});
