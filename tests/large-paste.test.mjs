// A large paste in the Diagnose box is analysed in the worker: the page keeps responding while
// it runs, shows progress, and renders the same panel the main thread would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, waitReady } from './support/harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

function refreshHistory(runs) {
  const value = [];
  for (let i = 0; i < runs; i++) {
    const failed = i > runs / 2;
    const t = new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString();
    value.push({
      requestId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      refreshType: 'Scheduled',
      startTime: t,
      endTime: t,
      status: failed ? 'Failed' : 'Completed',
      ...(failed ? { serviceExceptionJson: JSON.stringify({ errorCode: 'ModelRefresh_ShortMessage_ProcessingError', errorDescription: `AADSTS50076: you must use multi-factor authentication. Trace ID: ${i}` }) } : {}),
    });
  }
  return JSON.stringify({ value });
}

async function measureWhile(page, action) {
  await page.evaluate(() => {
    window.__ticks = [];
    window.__timer = setInterval(() => window.__ticks.push(performance.now()), 16);
  });
  await action();
  return page.evaluate(() => {
    clearInterval(window.__timer);
    const t = window.__ticks;
    let gap = 0;
    for (let i = 1; i < t.length; i++) gap = Math.max(gap, t[i] - t[i - 1]);
    return { ticks: t.length, gap };
  });
}

test('a multi-megabyte history pasted into Diagnose keeps the page responsive', async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await waitReady(page);
  const text = refreshHistory(12_000);
  assert.ok(text.length > 2_000_000);
  const { ticks, gap } = await measureWhile(page, async () => {
    await page.evaluate((t) => {
      const box = document.querySelector('[data-testid="diagnose-input"]');
      box.value = t;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
    await page.waitForFunction(() => !document.getElementById('history').hidden, null, { timeout: 60_000 });
  });
  const patterns = await page.getByTestId('history-patterns').locator(':scope > li').evaluateAll((els) => els.map((e) => e.dataset.pattern));
  assert.ok(patterns.includes('began-after-successes'), String(patterns));
  console.log(`history ${text.length} chars: ${ticks} ticks, longest stall ${gap.toFixed(0)} ms`);
  assert.ok(ticks > 5, `timer ran ${ticks} times`);
  // Filling the textarea itself costs the main thread some time; the analysis must not add more.
  assert.ok(gap < 1500, `longest main-thread stall ${gap.toFixed(0)} ms`);
  await page.close();
});

test('a large non-history paste renders the same diagnosis as a small one', async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await waitReady(page);
  const text = `${'x'.repeat(400 * 1024)}\nAADSTS7000222: The provided client secret keys for app '1' are expired.`;
  await page.evaluate((t) => {
    const box = document.querySelector('[data-testid="diagnose-input"]');
    box.value = t;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await page.waitForFunction(() => document.querySelector('[data-testid="diagnose-findings"] li.finding'), null, { timeout: 60_000 });
  const code = await page.getByTestId('diagnose-findings').locator('li.finding').first().getAttribute('data-code');
  assert.equal(code, 'AL110');
  assert.match(await page.getByTestId('report-markdown').inputValue(), /AL110/);
  await page.close();
});
