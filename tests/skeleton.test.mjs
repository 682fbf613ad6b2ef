// The walking skeleton end to end: release page → wasm → core → rendered report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, ROOT, RAW_OUTPUTS_401, waitReady, paste, collectConsole } from './support/harness.mjs';

const env = useBrowser();

test('a pasted raw-outputs JSON is detected and diagnosed', async () => {
  const context = await env.browser.newContext({ colorScheme: 'light', viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const logs = collectConsole(page);
  await page.goto(env.server.url);
  await waitReady(page);

  await paste(page, RAW_OUTPUTS_401);

  const kind = page.getByTestId('input-kind');
  assert.match(await kind.textContent(), /^Detected: \S/);
  assert.ok(await kind.getAttribute('data-kind'), 'the detected kind is exposed as data-kind');
  assert.notEqual(await kind.getAttribute('data-kind'), 'empty');
  const verdict = (await page.getByTestId('verdict').textContent()).trim();
  assert.ok(verdict.length > 0, 'a verdict line is shown');

  const findings = page.getByTestId('diagnose-findings');
  assert.equal(await findings.count(), 1, 'the findings container renders');
  const items = findings.locator(':scope > li.finding');
  const n = await items.count();
  // The status region announces the count the list shows.
  assert.equal(
    (await page.getByTestId('status').textContent()).trim(),
    n === 1 ? '1 finding' : `${n} findings`,
  );
  // Every finding carries its rule code and category, and shows its parts.
  for (let i = 0; i < n; i++) {
    const f = items.nth(i);
    assert.match(await f.getAttribute('data-code'), /^AL\d+$/);
    assert.match(await f.getAttribute('data-category'), /^[a-z-]+$/);
    assert.ok((await f.locator('.finding-title').textContent()).trim());
    assert.ok((await f.locator('.severity').textContent()).trim());
    assert.match(await f.locator('.confidence').textContent(), /confidence \d+%/);
    assert.ok((await f.locator('.explanation').textContent()).trim());
  }
  if (n === 0) {
    assert.ok(await page.locator('#no-findings').isVisible(), 'no findings says so');
  }
  // Every evidence span is highlighted in the read-only copy of the paste, at UTF-16 indices.
  const marks = await page.locator('#highlighted mark').evaluateAll((ms) =>
    ms.map((m) => [Number(m.dataset.start), Number(m.dataset.end), m.textContent]),
  );
  for (const [s, e, t] of marks) assert.equal(RAW_OUTPUTS_401.slice(s, e), t);

  mkdirSync(join(ROOT, 'target', 'screenshots'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'target', 'screenshots', 'diagnose.png'), fullPage: true });
  // The committed screenshots (docs/screenshots/, light and dark per view) come from views.test.mjs.

  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), [], 'no errors in the console');
  await context.close();
});

test('clearing the paste clears the result', async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url);
  await waitReady(page);
  await paste(page, 'Access token has expired or is not yet valid.');
  await page.getByTestId('diagnose-input').fill('');
  await page.getByTestId('result').waitFor({ state: 'hidden' });
  await page.close();
});

test('hostile paste is shown as text, never run', async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url);
  await waitReady(page);
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>"\'&';
  await paste(page, hostile);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('#result img, #result script').count(), 0);
  await page.close();
});
