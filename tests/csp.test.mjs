// The strict CSP is in the built page, lets the page itself run, and blocks everything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, waitReady, collectConsole, RAW_OUTPUTS_401, paste } from './support/harness.mjs';

const env = useBrowser();

async function open() {
  const page = await env.browser.newPage();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const logs = collectConsole(page);
  await page.goto(env.server.url);
  await waitReady(page);
  return { page, logs };
}

test('the CSP meta is strict and allows only self', async () => {
  const { page, logs } = await open();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const directives = Object.fromEntries(
    csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
      const [name, ...values] = d.split(/\s+/);
      return [name, values];
    }),
  );
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['connect-src'], ["'self'"]);
  assert.deepEqual(directives['style-src'], ["'self'"]);
  assert.deepEqual(directives['base-uri'], ["'none'"]);
  assert.deepEqual(directives['form-action'], ["'none'"]);
  const scriptSrc = directives['script-src'];
  assert.deepEqual(scriptSrc.slice(0, 2), ["'self'", "'wasm-unsafe-eval'"]);
  for (const s of scriptSrc.slice(2)) assert.match(s, /^'sha256-[A-Za-z0-9+/]+=*'$/, 'only hashes besides self');
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes("'unsafe-eval'"));
  // The page ran under it (the inline loader is allowed by its hash) and analysed a paste.
  await paste(page, RAW_OUTPUTS_401);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation while working');
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await page.close();
});

test('a fetch to another origin is blocked by the CSP', async () => {
  const { page } = await open();
  const outcome = await page.evaluate(async () => {
    const violation = new Promise((ok) =>
      document.addEventListener('securitypolicyviolation', (e) => ok(e.violatedDirective), { once: true }));
    let fetched = 'not blocked';
    try {
      await fetch('https://example.com/');
    } catch (e) {
      fetched = `blocked: ${e.name}`;
    }
    const directive = await Promise.race([violation, new Promise((ok) => setTimeout(() => ok('none'), 3000))]);
    return { fetched, directive };
  });
  assert.match(outcome.fetched, /^blocked/);
  assert.equal(outcome.directive, 'connect-src');
  await page.close();
});
