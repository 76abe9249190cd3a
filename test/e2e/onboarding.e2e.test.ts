import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Onboarding } from '../../src/shared/api/profile.js';
import {
  assertWebBuilt,
  chromiumInstalled,
  launchBrowser,
  mainNav,
  newContext,
  screenshot,
} from '../support/browser.js';
import type { Client } from '../support/client.js';
import { devMailboxToken } from '../support/dev-mailbox.js';
import { type SignedUp, signUp, uniqueEmail } from '../support/factories.js';
import { recordSecret } from '../support/secrets-audit.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';

const hasChromium = chromiumInstalled();

/** How long an email may take to leave the outbox and reach the dev mailbox. */
const MAIL_DEADLINE_MS = 20_000;
const PASSWORD = 'amber-orchard-compass-71';

describe.skipIf(!hasChromium)('onboarding in the web app: password, profile, tour, dashboard', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    assertWebBuilt();
    recordSecret(PASSWORD);
    // No SMTP_URL: invitation emails are kept in the dev mailbox.
    server = await startTestServer({ config: { outbox: fastOutbox() } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  /** US English; with reduced motion, the tour's highlights jump instead of gliding (steady pictures). */
  async function newBrowserContext(): Promise<BrowserContext> {
    const context = await newContext(browser, server.url, { locale: 'en-US', reducedMotion: 'reduce' });
    contexts.push(context);
    return context;
  }

  /** The invitation link of the email to `to`, read from the dev mailbox as its admin would. */
  async function invitationLink(admin: Client, to: string): Promise<string> {
    return `/invite/${await devMailboxToken(admin, to, { timeoutMs: MAIL_DEADLINE_MS })}`;
  }

  async function invite(admin: SignedUp, name: string): Promise<{ email: string; link: string }> {
    const email = uniqueEmail(name.split(' ')[0]?.toLowerCase());
    const invited = await admin.client.post('/api/v1/invitations', { email, name, role: 'sales_rep' });
    expect(invited.status, invited.text).toBe(201);
    return { email, link: await invitationLink(admin.client, email) };
  }

  /** The page's own view of its onboarding, through the API with its session. */
  async function onboardingOf(page: Page): Promise<Onboarding> {
    return page.evaluate(async () => (await fetch('/api/v1/me/onboarding')).json());
  }

  async function setPassword(page: Page, link: string): Promise<void> {
    await page.goto(link);
    await page.getByRole('heading', { name: /^Join / }).waitFor();
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await expect.poll(() => page.getByText(/^Strength: /).textContent()).toMatch(/strong/i);
  }

  async function choosePhoto(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: /^(Upload|Change) photo$/ }).click();
    await (await chooser).setFiles(file);
  }

  it('takes the tour: invitation email → password → profile with a photo → tour → dashboard', {
    timeout: 120_000,
  }, async () => {
    const admin = await signUp(server.url, { workspaceName: 'Acme Sales', name: 'Ada Lovelace' });
    const { link } = await invite(admin, 'Grace Hopper');

    const context = await newBrowserContext();
    const page = await context.newPage();
    await setPassword(page, link);
    await screenshot(page, 'onboarding-1-password.png');
    await page.getByRole('button', { name: 'Create account' }).click();

    // Step 2: the profile, its name prefilled, the country from the browser's language.
    await page.waitForURL(`${server.url}/onboarding/profile`);
    await page.getByRole('heading', { name: 'Set up your profile' }).waitFor();
    const steps = page.getByRole('list', { name: 'Onboarding steps' });
    await expect(steps.locator('[aria-current="step"]').textContent()).resolves.toMatch(/Profile$/);
    await expect(page.getByRole('textbox', { name: 'Name' }).inputValue()).resolves.toBe('Grace Hopper');
    await expect(page.getByRole('combobox', { name: 'Country' }).inputValue()).resolves.toBe('United States (+1)');

    // A file that only claims to be a picture is refused by the server, and the page says so.
    await choosePhoto(page, {
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: Buffer.from('<!doctype html><p>not a picture</p>'),
    });
    await page.getByRole('alert').getByText('That file is not a JPEG, PNG or WebP image.').waitFor();

    const portrait = await sharp({
      create: { width: 480, height: 640, channels: 3, background: { r: 79, g: 70, b: 229 } },
    })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="640"><circle cx="240" cy="250" r="120" fill="#f4c7a1"/><rect x="90" y="420" width="300" height="260" rx="140" fill="#f4c7a1"/></svg>',
          ),
        },
      ])
      .jpeg()
      .toBuffer();
    await choosePhoto(page, { name: 'grace.jpg', mimeType: 'image/jpeg', buffer: portrait });
    await page.getByRole('button', { name: 'Change photo' }).waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    const avatar = page.getByRole('img', { name: 'Your photo' });
    await expect.poll(() => avatar.getAttribute('src')).toMatch(/^\/api\/v1\/photos\/[A-Za-z0-9_-]{43}$/);
    await expect.poll(() => avatar.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(256);

    // A number that is not one is refused on its field; a US number without +1 is read as US.
    const phone = page.getByRole('textbox', { name: 'Phone' });
    await phone.fill('123');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByText(/That phone number is not valid for United States/).waitFor();
    await expect(phone.getAttribute('aria-invalid')).resolves.toBe('true');
    await phone.fill('(202) 456-1111');
    await screenshot(page, 'onboarding-2-profile.png');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    // Step 3: the tour is offered; closing the tab here brings the person back here.
    await page.waitForURL(`${server.url}/onboarding/tour`);
    await page.getByRole('heading', { name: 'Take a quick tour?' }).waitFor();
    const again = await context.newPage();
    await again.goto('/deals');
    await again.waitForURL(`${server.url}/onboarding/tour`);
    await again.close();
    await screenshot(page, 'onboarding-3-tour-offer.png');
    await page.getByRole('button', { name: 'Start tour' }).click();

    // The tour runs over the app itself, one part of the navigation at a time.
    await page.waitForURL(`${server.url}/`);
    const popover = (title: string) => page.getByRole('dialog', { name: title });
    await popover('Dashboard').waitFor();
    await expect(page.locator('.driver-active-element').getAttribute('data-tour')).resolves.toBe('nav-dashboard');
    await screenshot(page, 'onboarding-4-tour.png');
    await popover('Dashboard').getByRole('button', { name: 'Next' }).click();
    // Keyboard too: the arrow keys move through the steps. driver.js ignores a key while a
    // highlight is still moving, so press until the step changes (a press mid-move does nothing).
    const title = () => page.locator('.driver-popover-title').textContent();
    const pressUntil = async (key: string, from: string, to: string) =>
      expect
        .poll(async () => {
          if ((await title()) === from) await page.keyboard.press(key);
          return title();
        })
        .toBe(to);
    await popover('Deals').waitFor();
    await pressUntil('ArrowRight', 'Deals', 'Leads');
    await pressUntil('ArrowLeft', 'Leads', 'Deals');
    await popover('Deals').getByRole('button', { name: 'Next' }).click();
    await popover('Leads').getByRole('button', { name: 'Next' }).click();
    await popover('#general').getByRole('button', { name: 'Next' }).click();
    // A sales rep has no Admin section: the last stop is the Help menu.
    await popover('Help').getByText('5 of 5').waitFor();
    await popover('Help').getByRole('button', { name: 'Finish tour' }).click();
    await popover('Help').waitFor({ state: 'hidden' });

    // Step 4: the dashboard, and it stays the landing page from now on.
    await expect.poll(async () => (await onboardingOf(page)).next).toBe('dashboard');
    const state = await onboardingOf(page);
    expect(state.steps).toEqual([
      { id: 'password', status: 'done' },
      { id: 'profile', status: 'done' },
      { id: 'tour', status: 'done' },
    ]);
    await page.reload();
    await mainNav(page).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    // The new photo is in the app's header.
    await page.getByRole('banner').locator('img[src^="/api/v1/photos/"]').waitFor();
    await screenshot(page, 'onboarding-5-dashboard.png');
  });

  it('skips both: "Skip for now", "Skip tour", and the Help menu still offers the tour', {
    timeout: 120_000,
  }, async () => {
    const admin = await signUp(server.url, { workspaceName: 'Globex', name: 'Hank Scorpio' });
    const { link } = await invite(admin, 'Homer Simpson');

    const context = await newBrowserContext();
    const page = await context.newPage();
    await setPassword(page, link);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${server.url}/onboarding/profile`);

    // Closing the tab and coming back later: the step left is where the app opens.
    const later = await context.newPage();
    await later.goto('/');
    await later.waitForURL(`${server.url}/onboarding/profile`);
    await later.close();

    await page.getByRole('button', { name: 'Skip for now' }).click();
    await page.waitForURL(`${server.url}/onboarding/tour`);
    await page.getByRole('button', { name: 'Skip tour' }).click();
    await page.waitForURL(`${server.url}/`);
    await mainNav(page).waitFor();
    const state = await onboardingOf(page);
    expect(state).toEqual({
      steps: [
        { id: 'password', status: 'done' },
        { id: 'profile', status: 'skipped' },
        { id: 'tour', status: 'skipped' },
      ],
      next: 'dashboard',
      guided: true,
    });
    await page.reload();
    await mainNav(page).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');

    // Help > Take the tour, from the keyboard; Escape closes it.
    const help = page.getByRole('button', { name: 'Help' });
    await help.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Take the tour' }).click();
    await page.getByRole('dialog', { name: 'Dashboard' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Dashboard' }).waitFor({ state: 'hidden' });
    await expect.poll(async () => statusOf(await onboardingOf(page), 'tour')).toBe('skipped');

    // Help > Your profile: the profile page, to add what was skipped.
    await help.click();
    await page.getByRole('menuitem', { name: 'Your profile' }).click();
    await page.waitForURL(`${server.url}/onboarding/profile`);
    await page.getByRole('textbox', { name: 'Phone' }).fill('+44 20 7946 0958');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(`${server.url}/`);
    await expect.poll(async () => statusOf(await onboardingOf(page), 'profile')).toBe('done');
  });

  it('does not send a workspace founder through onboarding', { timeout: 60_000 }, async () => {
    const founder = await signUp(server.url, { workspaceName: 'Initech' });
    const context = await newBrowserContext();
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(founder.email);
    await page.getByLabel(/^Password/).fill(founder.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${server.url}/`);
    await mainNav(page).waitFor();
    const state = await onboardingOf(page);
    expect(state).toMatchObject({ next: 'profile', guided: false });
    expect(new URL(page.url()).pathname).toBe('/');
  });
});

function statusOf(onboarding: Onboarding, id: string): string | undefined {
  return onboarding.steps.find((s) => s.id === id)?.status;
}
