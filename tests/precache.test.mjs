// Offline is whole (issue 17, point 7): after one visit, once the browser was idle, Compare and
// signature verification work offline, though neither was used online; readiness never waited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, ROOT, waitReady, openView, inspectToken, compareRequests, collectConsole } from './support/harness.mjs';

const env = useBrowser();
const FIXTURES = join(ROOT, 'crates/authlens-core/tests/fixtures/token');
const fixture = (name) => readFileSync(join(FIXTURES, name), 'utf8');
const signed = (alg) => fixture('signed.txt').split('\n').find((l) => l.startsWith(`${alg} `)).slice(alg.length + 1).trim();
const isOnDemand = (path) => /authlens-(verify|compare)-web-[0-9a-f]{16}(_bg\.wasm|\.js)$/.test(path);

test('the on-demand modules are precached when idle: Compare and verification work offline without prior use', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const logs = collectConsole(page);
  const from = env.server.served.length;
  await page.goto(env.server.url);
  await waitReady(page);
  await page.waitForFunction(
    () => document.documentElement.dataset.offline === 'ready' && !!navigator.serviceWorker.controller,
    null,
    { timeout: 30_000 },
  );
  assert.equal(await page.evaluate(() => window.authlensPrecache), true, 'precached');
  assert.match(await page.getByTestId('offline-status').textContent(), /Compare and signature verification included/);
  const fetched = env.server.served.slice(from).filter(isOnDemand);
  assert.equal(fetched.length, 4, `glue and wasm of both modules, once each: ${fetched}`);

  await context.setOffline(true);
  await page.reload();
  await waitReady(page);
  await openView(page, 'compare');
  const left = 'curl -H "Authorization: Bearer abc.def.ghi" https://graph.microsoft.com/v1.0/me';
  const right = '{"uri":"https://graph.microsoft.com/v1.0/me","method":"GET","headers":{"Authorization":"\\"Bearer abc.def.ghi\\""}}';
  await compareRequests(page, left, right);
  await page.locator('[data-testid="compare-diff"] [data-expected="false"]').first().waitFor({ timeout: 30_000 });

  await openView(page, 'token');
  await inspectToken(page, signed('RS256'));
  await page.getByTestId('token-key').fill(fixture('rsa.pub.pem'));
  await page.getByRole('button', { name: 'Inspect token' }).click();
  await page.waitForFunction(() => {
    const c = document.querySelector('[data-check="signature"]');
    return c && !/Checking the signature/.test(c.textContent);
  }, null, { timeout: 30_000 });
  assert.equal(await page.locator('[data-check="signature"]').getAttribute('data-status'), 'pass');
  assert.equal(env.server.served.slice(from).filter(isOnDemand).length, 4, 'nothing downloaded twice');
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await context.close();
});
