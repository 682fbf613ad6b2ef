#!/usr/bin/env node
// Browser benchmarks of the release page (dist/) in headless system Chromium on 127.0.0.1.
// Never a timed unit test: run by `./x bench` (or directly, after `./x build` and
// `cargo build --release -p authlens-cli`). See docs/performance-browser.md.
//
//   node scripts/bench-browser.mjs [--out target/bench.json] [--native target/bench-native.json]
//                                  [--quick] [--timeout-ms 120000] [--watch-ms 30000]
//                                  [--only views,throughput,...]
//
// Prints one table (native rows merged in when --native names a file that exists) and writes:
//   target/bench-browser.json  the browser rows
//   --out (target/bench.json)  all rows: {name, value, unit, budget, pass, env, note?}
// `budget` is an upper limit in `unit`, null for informational rows, whose `pass` is null too
// (never false: only a budget can fail). Exit 1 if a budget fails.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, ROOT, launchBrowser, startServer, waitReady } from '../tests/support/harness.mjs';
import { MB, deepJson, har, hugeToken, powerBiRefreshHistory, rawOutputs401 } from '../tests/bench/inputs.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const QUICK = args.includes('--quick');
const OUT = opt('--out', join(ROOT, 'target', 'bench.json'));
const NATIVE = opt('--native', join(ROOT, 'target', 'bench-native.json'));
const TIMEOUT_MS = Number(opt('--timeout-ms', 120_000));
const WATCH_MS = Number(opt('--watch-ms', 30_000));
const CLI = join(ROOT, 'target', 'release', 'authlens');
const STARTUP_LOADS = QUICK ? 3 : 10;
const LATENCY_RUNS = QUICK ? 50 : 200;
// --only weight,startup,latency,scaling,throughput,worker,views (comma-separated): run those
// parts alone (while working on one budget); every part when absent.
const ONLY = opt('--only', null)?.split(',');
const part = (name) => !ONLY || ONLY.includes(name);

/** PASS/FAIL of a budgeted row (a value that could not be measured fails); null without a budget. */
const passOf = (value, budget) => (budget == null ? null : value != null && Number.isFinite(value) && value <= budget);

const rows = [];
const row = (name, value, unit, budget = null, note = undefined) => {
  const r = { name, value: value == null || !Number.isFinite(value) ? null : Math.round(value * 100) / 100, unit, budget: budget ?? null, pass: passOf(value, budget), env: 'browser' };
  if (note) r.note = note;
  rows.push(r);
  console.error(`  ${name}: ${value == null ? 'n/a' : r.value} ${unit}${budget == null ? '' : ` (budget ${budget}: ${r.pass ? 'PASS' : 'FAIL'})`}${note ? ` — ${note}` : ''}`);
  return r;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const kb = (n) => n / 1024;

/**
 * The engine on the page's main thread (the full module: the page's start module is the page
 * shell, without `diagnose`), as `window.__engine`, and its memory as `__engineMemory()`.
 */
async function engineOnPage(page) {
  await page.evaluate(async () => {
    window.__engine = await window.authlensAnalysis.engineBindings();
    window.__engineMemory = () => window.authlensAnalysis.engineMemory() ?? window.__engineMemory();
  });
}

/** Records `performance.now()` when the page flags ready (and when its engine first answered), and the wasm exports (memory). */
function instrument(page) {
  return page.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => {
      window.__wasmExports = e.detail?.wasm;
    });
    const mark = () => {
      if (window.__readyAt == null && document.body?.dataset.ready === 'true') window.__readyAt = performance.now();
      if (window.__engineAt == null && document.body?.dataset.engine === 'ready') window.__engineAt = performance.now();
    };
    new MutationObserver(mark).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready', 'data-engine'] });
  });
}

/** Runs `fn` in the page with a time limit; on timeout the page is closed (the only way to stop wasm). */
async function evaluateWithin(page, ms, fn, arg) {
  let timer;
  const timeout = new Promise((ok) => {
    timer = setTimeout(() => ok({ timedOut: true }), ms);
  });
  const r = await Promise.race([page.evaluate(fn, arg).then((v) => ({ value: v })), timeout]);
  clearTimeout(timer);
  if (r.timedOut) await page.close().catch(() => {});
  return r;
}

/** Wall time of the native CLI on `file`, or null past the time limit. */
function runCli(file, ms) {
  return new Promise((ok, fail) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(CLI, ['diagnose', '--json', file], { stdio: ['ignore', 'ignore', 'inherit'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal) return ok(null);
      if (code !== 0) return fail(new Error(`authlens diagnose exited ${code}`));
      ok(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  });
}

/** The page's own start files: what index.html itself references (and the document). */
const START_FILE = /^(index\.html|authlens-web-[0-9a-f]{16}(_bg\.wasm|\.js)|style-[0-9a-f]{16}\.css|sw-register\.js|analysis-client\.js)$/;

async function pageWeight(browser, server) {
  console.error('start weight (what the page loads before it is ready) and the first visit');
  const context = await browser.newContext();
  const page = await context.newPage();
  await instrument(page);
  const wasmTypes = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasmTypes.push(r.headers()['content-type'] ?? '');
  });
  await page.goto(server.url);
  await waitReady(page);
  // Resource timing of the page itself (not the service worker's own fetches): every file
  // whose request started before the ready flag, plus the document.
  const before = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.startTime < window.__readyAt)
    .map((e) => new URL(e.name).pathname));
  await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready', null, { timeout: 30_000 }).catch(() => {});
  await context.close();
  const name = (p) => (p.endsWith('/') ? `${p}index.html` : p).replace(/^.*\//, '');
  const start = [...new Set(['index.html', ...before.map(name)])].filter((f) => existsSync(join(DIST, f))).sort();
  let raw = 0;
  let gz = 0;
  for (const f of start) {
    const body = readFileSync(join(DIST, f));
    const g = gzipSync(body).length; // zlib default level (6), what a static host does on the fly
    raw += body.length;
    gz += g;
    row(`start weight: ${f.replace(/-[0-9a-f]{16}/, '-HASH')} (gzip; raw ${kb(body.length).toFixed(1)} KB)`, kb(g), 'KB');
  }
  row('start weight: total raw', kb(raw), 'KB');
  row('start weight: total gzip (every file loaded before ready)', kb(gz), 'KB', 200);
  const foreign = before.map(name).filter((f) => !START_FILE.test(f));
  row('start-up: requests before ready that are not the page\'s own start files', foreign.length, 'requests', 0, foreign.length ? foreign.join(', ') : undefined);
  row('start-up: wasm served as application/wasm (compile streaming)', wasmTypes.length && wasmTypes.every((t) => t.startsWith('application/wasm')) ? 1 : 0, 'yes=1', null, wasmTypes.join(', ') || 'no wasm seen');
  // What the first visit transferred, repeats included (the service worker precaches the page's
  // files and, when idle, the on-demand modules; this test server sends no-store, a real host's
  // HTTP cache serves the hashed ones).
  let sent = 0;
  for (const p of server.served) {
    const f = (p.endsWith('/') ? `${p}index.html` : p).replace(/^\//, '');
    if (existsSync(join(DIST, f))) sent += gzipSync(readFileSync(join(DIST, f))).length;
  }
  row(`first visit: ${server.served.length} requests incl. precache and on-demand modules (gzip)`, kb(sent), 'KB', null, 'test server sends no-store');
  for (const f of readdirSync(DIST).filter((f) => /^authlens-(verify|compare|full)-web-[0-9a-f]{16}_bg\.wasm$/.test(f))) {
    row(`on demand: ${f.replace(/-[0-9a-f]{16}/, '-HASH')} (gzip)`, kb(gzipSync(readFileSync(join(DIST, f))).length), 'KB');
  }
}

async function startUp(browser, server) {
  console.error(`start-up (${STARTUP_LOADS} cold loads, a fresh browser context each)`);
  const times = [];
  const engine = [];
  for (let i = 0; i < STARTUP_LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await instrument(page);
    await page.goto(server.url);
    await waitReady(page);
    times.push(await page.evaluate(() => window.__readyAt));
    // The page shell is ready first; the analyses wait for the full module, which the page
    // starts (in the worker) right after ready: when the engine first answered.
    await page.waitForFunction(() => window.__engineAt != null, null, { timeout: 60_000 });
    engine.push(await page.evaluate(() => window.__engineAt));
    await context.close();
  }
  row('start-up: navigation to ready, median', median(times), 'ms', 150);
  row('start-up: navigation to ready, slowest', Math.max(...times), 'ms');
  row('start-up: navigation to first analysis possible (engine ready), median', median(engine), 'ms', null, 'the full module in the worker, cold');
  row('start-up: navigation to first analysis possible (engine ready), slowest', Math.max(...engine), 'ms');
}

async function latency(browser, server) {
  console.error(`analysis latency (2 KB raw outputs, ${LATENCY_RUNS} runs of the engine's diagnose on the main thread)`);
  const page = await browser.newPage();
  await page.goto(server.url);
  await waitReady(page);
  await engineOnPage(page);
  const text = rawOutputs401();
  const times = await page.evaluate(
    ({ text, runs }) => {
      for (let i = 0; i < 20; i++) window.__engine.diagnose(text);
      const out = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const r = window.__engine.diagnose(text);
        out.push(performance.now() - t0);
        if (!r.findings.length) throw new Error('the 2 KB paste should have findings');
      }
      return out;
    },
    { text, runs: LATENCY_RUNS },
  );
  row(`latency: diagnose ${(text.length / 1024).toFixed(1)} KB raw outputs, median`, median(times), 'ms', 20);
  row(`latency: diagnose ${(text.length / 1024).toFixed(1)} KB raw outputs, p99`, percentile(times, 99), 'ms');
  await page.close();
}

/** diagnose at 1 and 2 MB: how time grows with size (×2 = linear, ×4 = quadratic). Informational. */
async function scaling(browser, server) {
  console.error('scaling (1 MB and 2 MB, one run each)');
  const page = await browser.newPage();
  await page.goto(server.url);
  await waitReady(page);
  await engineOnPage(page);
  for (const [name, gen] of [['refresh history', powerBiRefreshHistory], ['HAR', har]]) {
    const ms = [];
    for (const size of [1, 2]) {
      ms.push(await page.evaluate((t) => {
        const t0 = performance.now();
        window.__engine.diagnose(t);
        return performance.now() - t0;
      }, gen(size * MB)));
      row(`${size} MB ${name}: browser diagnose`, ms.at(-1), 'ms');
    }
    row(`${name}: diagnose time 2 MB / 1 MB`, ms[1] / ms[0], '×', null, 'about 2 if linear, 4 if quadratic');
  }
  await page.close();
}

async function throughput(browser, server, name, text, tmp) {
  const mb = text.length / MB;
  console.error(`throughput: ${name} (${mb.toFixed(1)} MB)`);
  const page = await browser.newPage();
  await instrument(page);
  await page.goto(server.url);
  await waitReady(page);
  await engineOnPage(page);
  await page.evaluate((t) => {
    window.__text = t;
  }, text);
  const parse = await page.evaluate(() => {
    const out = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      JSON.parse(window.__text);
      out.push(performance.now() - t0);
    }
    return out;
  });
  const parseMs = median(parse);
  row(`${name}: browser JSON.parse (baseline)`, parseMs, 'ms');
  const memBefore = await page.evaluate(() => window.__engineMemory());

  // diagnose: once; twice more if the first took under 2 s (median of 3).
  const diag = [];
  let memAfter = null;
  let timedOut = false;
  for (let i = 0; i < 3; i++) {
    const r = await evaluateWithin(page, TIMEOUT_MS, () => {
      const t0 = performance.now();
      const report = window.__engine.diagnose(window.__text);
      return { ms: performance.now() - t0, findings: report.findings.length, mem: window.__engineMemory() };
    });
    if (r.timedOut) {
      timedOut = true;
      break;
    }
    diag.push(r.value.ms);
    memAfter = r.value.mem;
    if (r.value.ms > 2000) break;
  }
  const note = timedOut ? `stopped after ${TIMEOUT_MS / 1000} s` : undefined;
  const diagMs = timedOut ? null : median(diag);
  row(`${name}: browser diagnose`, diagMs, 'ms', null, note);
  row(`${name}: browser diagnose / JSON.parse`, diagMs == null ? null : diagMs / parseMs, '×', 2, note);
  if (memBefore != null) row(`${name}: wasm memory at start`, memBefore / MB, 'MB');
  row(`${name}: peak wasm memory`, memAfter == null ? null : memAfter / MB, 'MB', null, note);
  row(`${name}: peak wasm memory / input size`, memAfter == null ? null : memAfter / text.length, '×', 8, note);
  if (!timedOut) await page.close();

  // The native CLI on the same text.
  if (!existsSync(CLI)) {
    row(`${name}: native CLI diagnose`, null, 'ms', null, `no ${CLI}: cargo build --release -p authlens-cli`);
    return;
  }
  const file = join(tmp, `${name.replace(/\W+/g, '-')}.json`);
  writeFileSync(file, text);
  const native = [];
  for (let i = 0; i < 3; i++) {
    const ms = await runCli(file, TIMEOUT_MS);
    if (ms == null) break;
    native.push(ms);
    if (ms > 2000) break;
  }
  const nativeMs = native.length ? median(native) : null;
  const nnote = nativeMs == null ? `stopped after ${TIMEOUT_MS / 1000} s` : 'process wall time: start, read, diagnose, print JSON';
  row(`${name}: native CLI diagnose --json`, nativeMs, 'ms', null, nnote);
  row(`${name}: wasm / native`, diagMs != null && nativeMs != null ? diagMs / nativeMs : null, '×', 1.5,
    diagMs == null || nativeMs == null ? 'a side was stopped at the time limit' : undefined);
}

async function responsiveness(browser, server, name, text) {
  console.error(`responsiveness: ${name} through analyzeInWorker (watched for at most ${WATCH_MS / 1000} s)`);
  const page = await browser.newPage();
  await page.goto(server.url);
  await waitReady(page);
  await page.evaluate((t) => {
    window.__text = t;
  }, text);
  const r = await page.evaluate(async (watchMs) => {
    const client = await import('./analysis-client.js');
    await client.warmUp();
    await new Promise((ok) => setTimeout(ok, 200));
    let maxGap = 0;
    let ticks = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 16);
    const controller = new AbortController();
    const t0 = performance.now();
    let done = false;
    const run = client.analyzeInWorker(window.__text, { signal: controller.signal }).then(
      () => (done = true),
      () => {},
    );
    const t1 = performance.now(); // the synchronous part: postMessage (structured clone of the text)
    await Promise.race([run, new Promise((ok) => setTimeout(ok, watchMs))]);
    const elapsed = performance.now() - t0;
    if (!done) controller.abort();
    await run;
    clearInterval(timer);
    return { maxGap, ticks, elapsed, done, postMs: t1 - t0 };
  }, WATCH_MS);
  const note = r.done ? `analysis took ${(r.elapsed / 1000).toFixed(1)} s` : `analysis still running after ${(r.elapsed / 1000).toFixed(0)} s (stopped): gap measured over that window`;
  row(`${name}: analyzeInWorker, longest main-thread gap (16 ms timer)`, r.maxGap, 'ms', 100, note);
  row(`${name}: analyzeInWorker, main-thread time to post the text`, r.postMs, 'ms');
  await page.close();
}

/**
 * The longest main-thread block while a view takes an input the way a person gives it: the text
 * is put on the clipboard first, then Ctrl+V into the view's box (the browser's own insertion and
 * layout count), then the view's button where it has one, watched until its result shows. A 16 ms
 * `setInterval` in the page; the longest gap between its ticks is the longest block.
 */
async function viewBlock(browser, server, { name, view, box, text, button, done, budget, right }) {
  console.error(`main-thread block: ${name}`);
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  const page = await context.newPage();
  await page.goto(`${server.url}#${view}`);
  await waitReady(page);
  // The input comes right after ready, while the worker may still be compiling the full module
  // (as on main, where the first large paste started the worker). AUTHLENS_BENCH_WARM=1 waits
  // for the engine first: the block of the view's own handling of the input only.
  if (process.env.AUTHLENS_BENCH_WARM) await page.waitForFunction(() => document.body.dataset.engine === 'ready', null, { timeout: 60_000 });
  if (right) {
    await page.fill('#compare-right', right);
    // The one-sided result this fill starts must not count as the result watched for below.
    await page.waitForSelector(done, { state: 'attached', timeout: WATCH_MS }).catch(() => {});
    await page.evaluate((d) => document.querySelector(d)?.remove(), done);
  }
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.focus(box);
  await page.evaluate(() => {
    window.__ticks = [performance.now()];
    window.__timer = setInterval(() => window.__ticks.push(performance.now()), 16);
  });
  let note;
  try {
    await page.keyboard.press('Control+V');
    if (button) await page.click(button);
    await page.waitForSelector(done, { state: 'attached', timeout: WATCH_MS });
    await new Promise((ok) => setTimeout(ok, 300));
  } catch (e) {
    note = `no result within ${WATCH_MS / 1000} s: gap measured over that window`;
  }
  const r = await page.evaluate(() => {
    clearInterval(window.__timer);
    const t = window.__ticks;
    let gap = 0;
    for (let i = 1; i < t.length; i++) gap = Math.max(gap, t[i] - t[i - 1]);
    return { gap, ticks: t.length };
  });
  row(`${name}: longest main-thread block (16 ms timer)`, r.gap, 'ms', budget, note);
  await context.close();
}

async function viewBlocks(browser, server) {
  const cases = [
    { name: 'Diagnose, Ctrl+V of a 5 MB refresh history', view: 'diagnose', box: '#input', text: powerBiRefreshHistory(5 * MB, 3), done: '#history:not([hidden])', budget: 200 },
    { name: 'Diagnose, 100 000-deep JSON (200 KB, under the size threshold)', view: 'diagnose', box: '#input', text: deepJson(100_000), done: '#result:not([hidden])', budget: 100 },
    { name: 'Diagnose, 10 MB HAR', view: 'diagnose', box: '#input', text: har(10 * MB, 4), done: '#result:not([hidden])', budget: 100 },
    { name: 'Token, a 1 MB single-line token', view: 'token', box: '#token-input', text: hugeToken(1 * MB), button: 'button:has-text("Inspect token")', done: '[data-testid="token-checks"]:visible', budget: 100 },
    { name: 'Compare, a 10 MB HAR against a one-line request', view: 'compare', box: '#compare-left', text: har(10 * MB, 5), button: 'button:has-text("Compare requests")', done: '[data-testid="compare-diff"]', budget: 100, right: 'GET https://graph.microsoft.com/v1.0/me' },
  ];
  for (const c of cases) {
    try {
      await viewBlock(browser, server, c);
    } catch (e) {
      row(`${c.name}: longest main-thread block (16 ms timer)`, null, 'ms', c.budget, `not measured: ${e.message.split('\n')[0]}`);
    }
  }
}

function readRows(file) {
  if (!file || !existsSync(file)) return [];
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const list = Array.isArray(j) ? j : j.rows ?? [];
  // Informational native rows say pass: true (crates/authlens-bench): null here, as for the
  // browser rows, so that `pass` is null exactly when there is no budget.
  return list.map((r) => ({ env: 'native', ...r, pass: r.budget == null ? null : r.pass }));
}

function printTable(all) {
  const fmt = (v) => (v == null ? 'n/a' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
  const lines = [['env', 'benchmark', 'value', 'budget', 'result']];
  for (const r of all) {
    lines.push([r.env ?? '', r.name, `${fmt(r.value)} ${r.unit}`, r.budget == null ? '' : `≤ ${r.budget} ${r.unit}`, r.pass == null ? '' : r.pass ? 'PASS' : 'FAIL']);
  }
  const w = lines[0].map((_, i) => Math.max(...lines.map((l) => [...l[i]].length)));
  const out = lines.map((l) => l.map((c, i) => (i === 2 ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd());
  out.splice(1, 0, w.map((n) => '-'.repeat(n)).join('  '));
  console.log(out.join('\n'));
}

async function main() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: ./x build');
  const env = `Chromium ${execFileSync('/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().match(/\d+(\.\d+)+/)?.[0] ?? '?'}, ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}`;
  console.error(`browser benchmarks: ${env}${QUICK ? ' (quick)' : ''}`);
  const tmp = mkdtempSync(join(tmpdir(), 'authlens-bench-'));
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    if (part('weight')) await pageWeight(browser, server);
    if (part('startup')) await startUp(browser, server);
    if (part('latency')) await latency(browser, server);
    const inputs = part('throughput') || part('worker') ? [
      ['10 MB refresh history', powerBiRefreshHistory(10 * MB)],
      ['10 MB HAR', har(10 * MB)],
    ] : [];
    if (part('scaling')) await scaling(browser, server);
    if (part('throughput')) for (const [name, text] of inputs) await throughput(browser, server, name, text, tmp);
    if (part('worker')) for (const [name, text] of inputs) await responsiveness(browser, server, name, text);
    if (part('views')) await viewBlocks(browser, server);
  } finally {
    await browser.close();
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }

  mkdirSync(join(ROOT, 'target'), { recursive: true });
  writeFileSync(join(ROOT, 'target', 'bench-browser.json'), `${JSON.stringify(rows, null, 2)}\n`);
  const all = [...readRows(NATIVE), ...rows];
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`\nAuthLens benchmarks (${env}); rows in ${OUT}\n`);
  printTable(all);
  const failed = all.filter((r) => r.pass === false);
  console.log(`\n${failed.length ? `${failed.length} budget(s) FAILED` : 'all budgets met'}`);
  process.exitCode = failed.length ? 1 : 0;
}

await main();
