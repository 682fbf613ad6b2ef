// www/analysis-client.js + www/worker.js: `analyzeInWorker` gives the same report as the page's
// own `diagnose`, keeps the main thread responsive on a 10 MB paste, reports progress, can be
// aborted, and survives a Rust panic in the worker (the worker is replaced).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, waitReady, collectConsole, RAW_OUTPUTS_401 } from './support/harness.mjs';
import { powerBiRefreshHistory, MB } from './bench/inputs.mjs';

const env = useBrowser();

async function open() {
  const page = await env.browser.newPage();
  const logs = collectConsole(page);
  await page.goto(env.server.url);
  await waitReady(page);
  await page.evaluate(async () => {
    window.client = await import('./analysis-client.js');
  });
  return { page, logs };
}

test('the worker gives the same report as the page', async () => {
  const { page, logs } = await open();
  const out = await page.evaluate(async (t) => {
    const strip = (r) => JSON.stringify({ input: r.input, verdict: r.verdict, findings: r.findings });
    const inWorker = await window.client.analyzeInWorker(t);
    return {
      same: strip(inWorker) === strip(window.wasmBindings.diagnose(t)),
      where: window.client.lastRun.where,
      findings: inWorker.findings.length,
      global: typeof window.authlensAnalysis?.analyzeInWorker,
    };
  }, RAW_OUTPUTS_401);
  assert.deepEqual(out, { same: true, where: 'worker', findings: out.findings, global: 'function' });
  assert.ok(out.findings > 0);
  assert.deepEqual(logs.filter((l) => /^(error|pageerror)/.test(l)), []);
  await page.close();
});

test('a 10 MB paste: the main thread stays responsive, progress shows, abort stops it', async (t) => {
  const { page } = await open();
  const text = powerBiRefreshHistory(10 * MB);
  await page.evaluate((t) => {
    window.bigText = t;
  }, text);
  // Watch for at most 3 s (or until done): timer ticks must keep coming while the worker works.
  const out = await page.evaluate(async () => {
    await window.client.warmUp();
    const controller = new AbortController();
    const progress = [];
    let ticks = 0;
    let maxGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 16);
    const t0 = performance.now();
    let outcome = 'pending';
    const run = window.client
      .analyzeInWorker(window.bigText, { signal: controller.signal, onProgress: (p) => progress.push(p.message) })
      .then((r) => (outcome = `done: ${r.findings.length} findings`), (e) => (outcome = `rejected: ${e.name}`));
    await Promise.race([run, new Promise((r) => setTimeout(r, 3000))]);
    const elapsed = performance.now() - t0;
    const finished = outcome !== 'pending';
    if (!finished) controller.abort();
    await run;
    clearInterval(timer);
    // After an abort, the next analysis starts a new worker.
    const after = await window.client.analyzeInWorker('{"statusCode":401}');
    return { ticks, maxGap, elapsed, finished, outcome, progress: progress.slice(0, 2), after: !!after.input };
  });
  t.diagnostic(`10 MB in the worker: ${out.ticks} ticks in ${out.elapsed.toFixed(0)} ms, longest gap ${out.maxGap.toFixed(0)} ms, ${out.outcome}`);
  assert.ok(out.maxGap < 250, `main thread blocked for ${out.maxGap.toFixed(0)} ms`);
  assert.ok(out.ticks >= out.elapsed / 16 / 3, `only ${out.ticks} ticks in ${out.elapsed.toFixed(0)} ms`);
  if (out.elapsed > 300) assert.equal(out.progress[0], 'Analysing 10.0 MB…');
  assert.match(out.outcome, out.finished ? /^done/ : /^rejected: AbortError$/);
  assert.equal(out.after, true);
  await page.close();
});

test('a panic kills only the worker: the next analysis works', async () => {
  const { page } = await open();
  const out = await page.evaluate(async (t) => {
    let error = null;
    try {
      await window.client._workerCall('__test_panic');
    } catch (e) {
      error = { name: e.name, fatal: e.fatal };
    }
    const report = await window.client.analyzeInWorker(t);
    return { error, findings: report.findings.length, where: window.client.lastRun.where, ready: document.body.dataset.ready };
  }, RAW_OUTPUTS_401);
  assert.deepEqual(out.error, { name: 'AnalysisError', fatal: true });
  assert.ok(out.findings > 0);
  assert.equal(out.where, 'worker');
  assert.equal(out.ready, 'true');
  await page.close();
});

test('without workers, analyses run on the main thread', async () => {
  const page = await env.browser.newPage();
  await page.addInitScript(() => {
    window.AUTHLENS_NO_WORKER = true;
  });
  await page.goto(env.server.url);
  await waitReady(page);
  const out = await page.evaluate(async (t) => {
    const c = await import('./analysis-client.js');
    const r = await c.analyzeInWorker(t);
    return { where: c.lastRun.where, findings: r.findings.length };
  }, RAW_OUTPUTS_401);
  assert.equal(out.where, 'main');
  assert.ok(out.findings > 0);
  await page.close();
});
