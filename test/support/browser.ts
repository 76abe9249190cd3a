import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { STRONG_PASSWORD } from './factories.js';
import { startTestServer, type TestServer, type TestServerOptions } from './server.js';
import { markEmailVerified } from './verified-email.js';

/** The system Chromium: playwright-core downloads no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where the pictures for the docs go; the browser tests keep them up to date. */
export const SCREENSHOTS_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

const WEB_INDEX = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));

/** Every picture is this wide, so the docs stay consistent. */
export const VIEWPORT_WIDTH = 1280;
const VIEWPORT_HEIGHT = 900;

/** Headless and quiet: no sandbox in containers, no GPU, no background traffic during a test. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether the browser tests can run. Called once per test file so that a machine without Chromium
 * says why its browser tests were skipped instead of skipping them silently.
 */
export function chromiumInstalled(): boolean {
  const installed = existsSync(CHROMIUM_PATH);
  if (!installed) {
    console.warn(`Browser tests skipped: Chromium is not installed (looked for ${CHROMIUM_PATH}).`);
  }
  return installed;
}

/** Fails early with the fix, rather than with a blank page far into a test. */
export function assertWebBuilt(): void {
  if (!existsSync(WEB_INDEX)) {
    throw new Error('dist/web is missing: build the web app first (`npm test` runs `vite build`).');
  }
}

/** Starts Chromium, and makes sure screenshot() has a folder to write to. */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  return browser;
}

export type NewContextOptions = Omit<BrowserContextOptions, 'viewport' | 'baseURL'> & {
  /** A taller window, for pages whose screenshot is clipped to the top. */
  height?: number;
};

/** A fresh browser profile on the test server: its own cookies, so nobody is signed in. */
export function newContext(
  browser: Browser,
  baseURL: string,
  options: NewContextOptions = {},
): Promise<BrowserContext> {
  const { height = VIEWPORT_HEIGHT, ...rest } = options;
  return browser.newContext({ ...rest, viewport: { width: VIEWPORT_WIDTH, height }, baseURL });
}

/**
 * Saves a picture of the page to docs/screenshots/, without the toasts left by earlier steps;
 * `height` keeps only the top of a tall window.
 */
export async function screenshot(page: Page, name: string, options: { height?: number } = {}): Promise<void> {
  const style = await page.addStyleTag({ content: '.mantine-Notifications-root { display: none !important; }' });
  // A hovered control would look different in every run.
  await page.mouse.move(0, 0);
  const clip = options.height ? { x: 0, y: 0, width: VIEWPORT_WIDTH, height: options.height } : undefined;
  await page.screenshot({ path: `${SCREENSHOTS_DIR}${name}`, clip });
  await style.evaluate((element) => (element as Element).remove());
}

/**
 * Signs up a new workspace through the sign-up page and waits for the dashboard. The email is then
 * verified (as `signUp` does; inviting needs it) unless `verified: false`; the page is reloaded so
 * the app knows.
 */
export async function signUpInBrowser(
  page: Page,
  input: { workspaceName: string; name: string; email: string },
  options: { verified?: boolean } = {},
) {
  await page.goto('/signup');
  await page.getByLabel('Workspace name').fill(input.workspaceName);
  await page.getByLabel('Your name').fill(input.name);
  await page.getByLabel('Email').fill(input.email);
  await page.getByLabel(/^Password/).fill(STRONG_PASSWORD);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  if (options.verified ?? true) {
    await markEmailVerified(new URL(page.url()).origin, input.email);
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  }
}

/** Signs in through the sign-in page and waits for the dashboard. */
export async function signInInBrowser(page: Page, email: string, password = STRONG_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

export function mainNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main navigation' });
}

export type BrowserSuite = {
  readonly server: TestServer;
  readonly browser: Browser;
  /** A fresh browser profile on the server (nobody signed in), closed with the suite. */
  context(options?: NewContextOptions): Promise<BrowserContext>;
  page(options?: NewContextOptions): Promise<Page>;
};

/**
 * A test server and Chromium for one describe block: started before its tests, closed after
 * them with every browser profile opened through it.
 */
export function browserSuite(options: TestServerOptions = {}): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    if (!value) throw new Error(`${what} is not started: use the suite inside its tests`);
    return value;
  };
  beforeAll(async () => {
    assertWebBuilt();
    server = await startTestServer(options);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });
  const suite: BrowserSuite = {
    get server() {
      return started(server, 'The test server');
    },
    get browser() {
      return started(browser, 'The browser');
    },
    async context(contextOptions = {}) {
      const context = await newContext(suite.browser, suite.server.url, contextOptions);
      contexts.push(context);
      return context;
    },
    async page(contextOptions = {}) {
      return (await suite.context(contextOptions)).newPage();
    },
  };
  return suite;
}
