// What the offline, precache and on-demand tests share: waiting for the service worker, the
// on-demand modules' file names, the verification fixtures, a request pair for Compare.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, collectConsole, waitReady } from './harness.mjs';

/** Waits until the service worker has precached the page and controls it. */
export async function waitOffline(page) {
  await page.waitForFunction(
    () => document.documentElement.dataset.offline === 'ready' && !!navigator.serviceWorker.controller,
    null,
    { timeout: 30_000 },
  );
}

/**
 * A fresh context's page, loaded and ready, its service worker in control. `precache: false`
 * keeps the idle precache of the on-demand modules off (for tests that count their downloads).
 * `served()`: the paths the server served since.
 */
export async function openOnline(env, { precache = true } = {}) {
  const context = await env.browser.newContext();
  if (!precache) await context.addInitScript(() => { window.AUTHLENS_NO_PRECACHE = true; });
  const page = await context.newPage();
  const logs = collectConsole(page);
  const from = env.server.served.length;
  await page.goto(env.server.url);
  await waitReady(page);
  await waitOffline(page);
  return { context, page, logs, served: () => env.server.served.slice(from) };
}

/** The built files of the on-demand modules (hashed names: glue `.js` and `_bg.wasm`). */
export const isVerifier = (path) => /authlens-verify-web-[0-9a-f]{16}(_bg\.wasm|\.js)$/.test(path);
export const isCompare = (path) => /authlens-compare-web-[0-9a-f]{16}(_bg\.wasm|\.js)$/.test(path);
export const isOnDemand = (path) => isVerifier(path) || isCompare(path);
/** The full page layer (crates/authlens-full-web): the worker's module, loaded after start. */
export const isFull = (path) => /authlens-full-web-[0-9a-f]{16}(_bg\.wasm|\.js)$/.test(path);

// Keys and signed tokens: the TEST-ONLY fixtures of the core's verification tests.
const TOKEN_FIXTURES = join(ROOT, 'crates/authlens-core/tests/fixtures/token');

/** A token fixture's text (a key, a JWKS, `signed.txt`). */
export const tokenFixture = (name) => readFileSync(join(TOKEN_FIXTURES, name), 'utf8');

/** The test token signed with `alg` (RS256, PS256, ES384, …) from `signed.txt`. */
export const signedToken = (alg) =>
  tokenFixture('signed.txt').split('\n').find((l) => l.startsWith(`${alg} `)).slice(alg.length + 1).trim();

/** A working cURL request and the flow's raw inputs calling the same URL with a quoted header. */
export const COMPARE_PAIR = {
  left: 'curl -H "Authorization: Bearer abc.def.ghi" https://graph.microsoft.com/v1.0/me',
  right: '{"uri":"https://graph.microsoft.com/v1.0/me","method":"GET","headers":{"Authorization":"\\"Bearer abc.def.ghi\\""}}',
};

/** Waits until Compare shows a difference it did not expect (the comparison is there). */
export async function waitDifference(page) {
  await page.locator('[data-testid="compare-diff"] [data-expected="false"]').first().waitFor({ timeout: 30_000 });
}

/** Fills the Token view's key, runs the check, waits until the signature is no longer "checking". */
export async function signatureWith(page, key) {
  await page.getByTestId('token-key').fill(key);
  await page.getByRole('button', { name: 'Inspect token' }).click();
  const check = page.locator('[data-check="signature"]');
  await page.waitForFunction(() => {
    const c = document.querySelector('[data-check="signature"]');
    return c && !document.getElementById('token-result').hasAttribute('aria-busy') && !/Checking the signature/.test(c.textContent);
  }, null, { timeout: 30_000 });
  return { status: await check.getAttribute('data-status'), text: await check.textContent() };
}
