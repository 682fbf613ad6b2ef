// Hostile pastes in the real page: each gets a result or a clear message, nothing freezes for
// long, and the page keeps working for the next paste.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, waitReady, paste, collectConsole, RAW_OUTPUTS_401 } from './support/harness.mjs';

const env = useBrowser();

const HOSTILE = {
  'deep JSON nesting': '['.repeat(10_000) + ']'.repeat(10_000),
  'unclosed nesting': '{"a":'.repeat(10_000),
  'NUL bytes': '\u0000'.repeat(50_000) + ' 401 Unauthorized ' + '\u0000'.repeat(50_000),
  'binary garbage': Array.from({ length: 200_000 }, (_, i) => String.fromCharCode((i * 7919) % 0xd7ff)).join(''),
  '1 MB single-line token': `Authorization: Bearer eyJ0eXAiOiJKV1QifQ.${'A'.repeat(1_000_000)}.sig`,
};

test('hostile pastes get a result and the page keeps working', async () => {
  const page = await env.browser.newPage();
  const logs = collectConsole(page);
  await page.goto(env.server.url);
  await waitReady(page);
  for (const [name, text] of Object.entries(HOSTILE)) {
    const started = Date.now();
    // The textarea drops NUL bytes and the page shortens its highlighted copy of huge pastes, so
    // wait for a fresh verdict rather than for the rendered text to equal the paste.
    await page.evaluate(() => { document.getElementById('verdict').textContent = ''; });
    await page.getByTestId('diagnose-input').fill(text);
    await page.waitForFunction(() => !document.getElementById('result').hidden
      && document.getElementById('verdict').textContent.trim() !== '', null, { timeout: 20_000 });
    assert.ok((await page.getByTestId('verdict').textContent()).trim(), `${name}: a verdict is shown`);
    assert.ok(Date.now() - started < 20_000, `${name}: took ${Date.now() - started} ms`);
    assert.ok(await page.getByTestId('internal-error').isHidden(), `${name}: no internal error`);
  }
  await paste(page, RAW_OUTPUTS_401);
  assert.match(await page.getByTestId('input-kind').textContent(), /raw outputs/);
  assert.deepEqual(logs.filter((l) => /pageerror|panicked/.test(l)), []);
  await page.close();
});

test('a paste over the size limit is refused with a message that states the limit', async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url);
  await waitReady(page);
  const verdict = await page.evaluate(async () => (await window.authlensAnalysis.engineBindings()).diagnose('x'.repeat(64 * 1024 * 1024 + 1)).verdict);
  assert.match(verdict, /analyses up to 64 MB/);
  assert.match(await page.getByTestId('size-limit').first().textContent(), /64 MiB/);
  await page.close();
});
