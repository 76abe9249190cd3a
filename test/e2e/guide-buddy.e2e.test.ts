import { describe, expect, it } from 'vitest';
import type { Me } from '../../src/shared/api/auth.js';
import type { Team } from '../../src/shared/api/teams.js';
import { browserSuite, chromiumInstalled, signUpInBrowser } from '../support/browser.js';
import { uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';

describe.skipIf(!chromiumInstalled())('the Getting Started guide and buddies in the web app', () => {
  const suite = browserSuite();

  it('lets an admin write the guide, shows only its sanitised HTML, and links it from the dashboard', async () => {
    const page = await suite.page();
    await signUpInBrowser(page, { workspaceName: 'Guide Works', name: 'Gwen Admin', email: uniqueEmail('gwen') });
    let alerted = false;
    page.on('dialog', async (dialog) => {
      alerted = true;
      await dialog.dismiss();
    });

    await page.goto('/admin/onboarding');
    const editor = page.getByRole('textbox', { name: 'Getting Started guide' });
    await editor.fill(
      '# Week one\n\nMeet **your team**.\n\n<img src="x" onerror="alert(1)">\n\n<script>alert(2)</script>',
    );
    const section = page.getByRole('region', { name: 'Getting Started guide', exact: true });
    await section.getByRole('button', { name: 'Save', exact: true }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByRole('heading', { name: 'Week one' }).waitFor();
    expect(await preview.locator('img, script').count()).toBe(0);

    await page.goto('/');
    await page.getByRole('link', { name: 'Getting Started guide' }).click();
    await page.getByRole('heading', { name: 'Week one' }).waitFor();
    expect(await page.getByRole('article').textContent()).toContain('Meet your team.');
    expect(await page.locator('article img, article script').count()).toBe(0);
    expect(alerted).toBe(false);
  });

  it('offers active members as buddies in Invite User, the chosen team’s first', async () => {
    const page = await suite.page();
    const email = uniqueEmail('bud');
    await signUpInBrowser(page, { workspaceName: 'Buddy Works', name: 'Bo Admin', email });
    const api = await signIn(suite.server, email);
    const me = await api.get<Me>('/api/v1/me');
    const team = await api.post<Team>('/api/v1/teams', { name: 'Field' });
    const workspaceId = me.body.workspace.id;
    await addMember(suite.server, { workspaceId, name: 'Tess Teammate', teamId: team.body.id });
    await addMember(suite.server, { workspaceId, name: 'Otto Other' });
    await addMember(suite.server, { workspaceId, name: 'Gone Person', status: 'deactivated' });

    await page.goto('/admin/users');
    await page.getByRole('button', { name: 'Invite User' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite User' });
    await dialog.getByRole('combobox', { name: 'Team' }).click();
    await page.getByRole('option', { name: 'Field', exact: true }).click();
    await dialog.getByRole('combobox', { name: 'Buddy' }).click();
    const options = page.getByRole('option');
    await options.first().waitFor();
    const names = await options.allTextContents();
    expect(names.findIndex((n) => n.startsWith('Tess Teammate'))).toBeLessThan(
      names.findIndex((n) => n.startsWith('Otto Other')),
    );
    expect(names.some((n) => n.startsWith('Gone Person'))).toBe(false);
    await page.getByText('Same team', { exact: true }).waitFor();
  });
});
