// Shared end-to-end test harness: a static server for the release `dist/` on 127.0.0.1 (random
// free port) and the system Chromium driven by playwright-core (never a downloaded browser).

import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
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
 * A test file's server (on dist/) and browser: started before its first test, closed after its
 * last. `env.server` and `env.browser` are set once started.
 * @returns {{server?: Awaited<ReturnType<typeof startServer>>, browser?: import('playwright-core').Browser}}
 */
export function useBrowser() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
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

/**
 * A fresh context (1100×900 unless `options` say otherwise, clipboard allowed) with the page
 * opened and ready, and its console collected: the opening most e2e files share.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, logs: string[]}>}
 */
export async function openPage(env, options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  const page = await context.newPage();
  const logs = collectConsole(page);
  await page.goto(env.server.url);
  await waitReady(page);
  return { context, page, logs };
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

/** An HS256 JWT with the given claims, really signed with `secret` (for the verification tests). */
export function makeHs256Jwt(claims, secret) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The built-in gallery's ids (crates/authlens-web/src/examples.rs) and the view each opens. */
export const GALLERY = {
  'expired-401': 'diagnose',
  'sharepoint-403': 'diagnose',
  dlp: 'diagnose',
  mfa: 'diagnose',
  'secret-expired': 'diagnose',
  'quoted-header': 'diagnose',
  'signin-log': 'diagnose',
  'compare-quoted': 'compare',
  'wrong-audience': 'token',
  'expired-token': 'token',
};

/** A JWT whose time claims are relative to now (seconds), signature included. */
export function makeTimedJwt({ iatAgo = 7200, expIn = -3600, ...extra } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return makeJwt({
    aud: 'https://graph.microsoft.com',
    iss: 'https://sts.windows.net/00000000-0000-0000-0000-0000000000aa/',
    tid: '00000000-0000-0000-0000-0000000000aa',
    iat: now - iatAgo, nbf: now - iatAgo, exp: now + expIn,
    upn: 'maker@contoso.example', scp: 'User.Read',
    ...extra,
  });
}

/** Opens a view through its URL fragment and waits until its panel shows. */
export async function openView(page, view) {
  await page.evaluate((v) => { location.hash = v; }, view);
  await page.locator(`#view-${view.split('/')[0] === 'rule' ? 'rules' : view}`).waitFor({ state: 'visible' });
}

/** Fills the Token view and waits for its checks. */
export async function inspectToken(page, text) {
  await page.getByTestId('token-input').fill(text);
  await page.getByRole('button', { name: 'Inspect token' }).click();
  await tokenShown(page);
}

/**
 * Waits until the Token view shows the result of its last run: the engine (the full module, in
 * the worker) answers after the click, and the result is `aria-busy` until then.
 */
export async function tokenShown(page) {
  await page.waitForFunction(() => {
    const r = document.getElementById('token-result');
    return r && !r.hasAttribute('aria-busy') && !r.hidden && !!r.querySelector('[data-testid="token-checks"]');
  }, null, { timeout: 30_000 });
}

/** Fills both Compare areas and waits for the comparison. */
export async function compareRequests(page, left, right) {
  await page.getByTestId('compare-left').fill(left);
  await page.getByTestId('compare-right').fill(right);
  await page.getByRole('button', { name: 'Compare requests' }).click();
  await page.getByTestId('compare-diff').waitFor({ state: 'attached' });
}

/** Saves a screenshot to target/screenshots/NAME.png, and to docs/screenshots/ when asked to
 * (AUTHLENS_UPDATE_SCREENSHOTS=1) or when the committed copy is missing. */
export async function screenshot(page, name) {
  const { copyFileSync, existsSync: exists, mkdirSync } = await import('node:fs');
  mkdirSync(join(ROOT, 'target', 'screenshots'), { recursive: true });
  const shot = join(ROOT, 'target', 'screenshots', `${name}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  const committed = join(ROOT, 'docs', 'screenshots', `${name}.png`);
  if (process.env.AUTHLENS_UPDATE_SCREENSHOTS === '1' || !exists(committed)) {
    mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
    copyFileSync(shot, committed);
  }
  return shot;
}
