import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';

/**
 * Real headless Chromium for the browser tests: Debian's `chromium` package, driven by
 * playwright-core (which ships no browser). A missing browser fails the test with the
 * fix; it is never a silent skip.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Quiet, deterministic and offline: no GPU (CI has none), no background fetches or updates.
const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

const open = new Set<Browser>();

export async function launchBrowser(): Promise<Browser> {
  try {
    await access(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `[browser] no Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install chromium\` ` +
        '(Debian; .ci/run does this in CI) or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
  open.add(browser);
  browser.on('disconnected', () => open.delete(browser));
  return browser;
}

/** Runs fn with a fresh browser and closes it afterwards, also when fn throws. */
export async function withBrowser<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchBrowser();
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/**
 * For `afterEach`: fails the test that left a browser running, after closing it so the
 * next test starts clean.
 */
export async function expectNoOpenBrowsers(): Promise<void> {
  const leaked = [...open];
  if (leaked.length === 0) return;
  await Promise.all(leaked.map((browser) => browser.close()));
  open.clear();
  throw new Error(`[browser] ${leaked.length} browser(s) left open by the test: close them, or use withBrowser()`);
}
