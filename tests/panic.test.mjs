// A Rust panic shows a clear error in the page, and the next paste is analysed normally.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, waitReady, paste, RAW_OUTPUTS_401 } from './support/harness.mjs';

const env = useBrowser();

test('panic → error shown → next paste analysed', async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url);
  await waitReady(page);
  await paste(page, 'first paste: Access token has expired');

  const thrown = await page.evaluate(() => {
    try {
      window.wasmBindings.__authlens_test_panic();
      return null;
    } catch (e) {
      return String(e);
    }
  });
  assert.ok(thrown, 'the panic surfaces to JavaScript as an exception');

  const error = page.getByTestId('internal-error');
  await error.waitFor({ state: 'visible' });
  const text = await page.getByTestId('internal-error-message').textContent();
  // A redacted "copy details" for a bug report, with its button.
  assert.match(await page.getByTestId('error-details').inputValue(), /^AuthLens \S+ internal error: [^]*deliberate test panic/);
  assert.ok(await page.getByTestId('copy-error-details').isVisible());
  assert.match(text, /^AuthLens hit an internal error; your input stayed in this page; details: /);
  assert.match(text, /deliberate test panic/);
  assert.equal((await page.getByTestId('status').textContent()).trim(), 'AuthLens hit an internal error');
  // The paste is still there.
  assert.equal(await page.getByTestId('diagnose-input').inputValue(), 'first paste: Access token has expired');

  // The module still works: a new paste is analysed and the error goes away.
  await paste(page, RAW_OUTPUTS_401);
  assert.match(await page.getByTestId('input-kind').textContent(), /^Detected: /);
  assert.ok((await page.getByTestId('verdict').textContent()).trim());
  await error.waitFor({ state: 'hidden' });
  assert.match((await page.getByTestId('status').textContent()).trim(), /^\d+ findings?$/);
  // And the engine's exported API too (the full module; the page's own module is the shell).
  const kind = await page.evaluate(async () => (await window.authlensAnalysis.engineBindings()).diagnose('{"statusCode":401}').input.kind);
  assert.equal(typeof kind, 'string');
  await page.close();
});
