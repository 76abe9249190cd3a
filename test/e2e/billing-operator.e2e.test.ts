import { describe, expect, it } from 'vitest';
import { browserSuite, chromiumInstalled, mainNav, screenshot, signInInBrowser } from '../support/browser.js';
import { signUp } from '../support/factories.js';

// PLAN_CHANGES=operator (security finding 6): Admin > Billing shows the plans without the change
// controls, says who changes the plan, and gives the command with this workspace's id.
describe.skipIf(!chromiumInstalled())('Billing when only the operator changes plans', () => {
  const suite = browserSuite({ env: { PLAN_CHANGES: 'operator' } });

  it('lists the plans with no way to change them, and names the command', { timeout: 90_000 }, async () => {
    const admin = await signUp(suite.server.url, { workspaceName: 'Operator Run Co' });
    const page = await suite.page();
    await signInInBrowser(page, admin.email);
    await mainNav(page).getByRole('link', { name: 'Billing' }).click();
    await page.getByText('Seats used: 1 of 5').waitFor();

    const plans = page.getByRole('region', { name: 'Plans' });
    await plans.getByText('Plan changes are made by the person who runs SalesOS').waitFor();
    await expect(plans.getByText(`npm run plan -- ${admin.workspace.id} <plan>`).count()).resolves.toBe(1);
    await expect(plans.getByRole('listitem').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^FreeCurrentUp to 5 seats$/),
      expect.stringMatching(/^TeamUp to 25 seats$/),
      expect.stringMatching(/^BusinessUp to 100 seats$/),
      expect.stringMatching(/^EnterpriseUnlimited seats$/),
    ]);
    await expect(page.getByRole('radio').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /Change/ }).count()).resolves.toBe(0);
    await expect(page.getByTestId('current-plan-name').textContent()).resolves.toBe('Free');
    await screenshot(page, 'billing-operator.png');
  });
});
