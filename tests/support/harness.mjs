// Shared end-to-end test harness: a static server for the release `dist/` on 127.0.0.1 (random
// free port) and the system Chromium driven by playwright-core (never a downloaded browser).

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../www/tools/static-server.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const DIST = resolve(process.env.AUTHLENS_DIST ?? join(ROOT, 'dist'));

export const CHROMIUM = process.env.AUTHLENS_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The raw outputs of a failed HTTP action, as Power Automate shows them. */
export const RAW_OUTPUTS_401 =
  '{"statusCode":401,"headers":{"WWW-Authenticate":"Bearer error=\\"invalid_token\\""},' +
  '"body":{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid."}}}';

/** Serves the built page on 127.0.0.1 at a free port (see www/tools/static-server.mjs). */
export async function startServer(root = DIST) {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`${root}/index.html is missing: build the page first (./x build)`);
  }
  return serveStatic(root, 0);
}

/** Launches the system Chromium headless with a temporary profile (Playwright makes one). */
export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Launches with an explicit fresh profile folder (for tests that inspect what the profile keeps).
 * @returns {Promise<{context: import('playwright-core').BrowserContext, close: () => Promise<void>}>}
 */
export async function launchPersistent(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'authlens-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
  return {
    context,
    dir,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the wasm module has initialised and wired the page. */
export async function waitReady(page) {
  await page.waitForFunction(
    () => window.authlensReady === true && document.body.dataset.ready === 'true' && !!window.wasmBindings,
    null,
    { timeout: 30_000 },
  );
}

/** Collects console messages and page errors of `page`. */
export function collectConsole(page) {
  const messages = [];
  page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
  return messages;
}

/** Types `text` into the paste box the way a paste does (one input event) and waits for the result. */
export async function paste(page, text) {
  await page.getByTestId('diagnose-input').fill(text);
  // Done when the read-only rendering of the paste shows exactly this paste (after the debounce).
  await page.waitForFunction(
    (t) => {
      const result = document.getElementById('result');
      return !result.hidden && document.getElementById('highlighted').textContent === t;
    },
    text,
    { timeout: 10_000 },
  );
}

/** A syntactically real JWT (unsigned test signature) with the given claims. */
export function makeJwt(claims) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const sig = Buffer.from('authlens-test-signature-not-a-secret-0123456789').toString('base64url');
  return `${b64({ alg: 'RS256', typ: 'JWT', kid: 'test-key-1' })}.${b64(claims)}.${sig}`;
}
