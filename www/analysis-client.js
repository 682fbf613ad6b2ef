// AuthLens analysis client: runs the engine (the full page layer, crates/authlens-full-web) in a
// module Worker (www/worker.js) so the page stays responsive, and falls back to the full module on
// the main thread where workers are not available (file://, AUTHLENS_NO_WORKER, a browser without
// module workers; in the single-file build the page's own module is the full one). The page's
// start module is the page shell, with no analysis of its own: the page starts the engine right
// after ready (`warmUp`), and `<body data-engine="ready">` says when it first answered.
//
//   import { analyzeInWorker } from './analysis-client.js';
//   const report = await analyzeInWorker(text, {
//     onProgress: ({ message, elapsedMs, chars }) => status.textContent = message,  // after 200 ms
//     signal,                     // AbortSignal: abort = stop the analysis (the worker is replaced)
//   });
//
// The report is exactly what the engine's `diagnose(text)` returns (evidence offsets in UTF-16;
// `engineBindings()` gives the engine's exports on the main thread).
// Also on `window.authlensAnalysis` for callers that are not modules (e.g. Rust via js_sys).
// Nothing leaves the page: the worker is a same-origin file and answers by postMessage only.
//
// Also parts of the page that are wasm modules of their own, loaded on their first call only,
// so the page does not download at start what most visits never use: the signature verifier
// (`checkKey`, crates/authlens-verify-web: RSA and elliptic curves), Compare (`compareView`,
// crates/authlens-compare-web) and the full page layer (crates/authlens-full-web: the worker's
// module, and Diagnose's on the main thread where there is no worker). Their hashed file names are written below by the build
// (www/tools/sw-gen.mjs).

const WORKER_URL = new URL('./worker.js', import.meta.url);
const ON_DEMAND = {
  verify: { glue: '__AUTHLENS_VERIFY_GLUE__', wasm: '__AUTHLENS_VERIFY_WASM__' },
  compare: { glue: '__AUTHLENS_COMPARE_GLUE__', wasm: '__AUTHLENS_COMPARE_WASM__' },
  // The page layer with every analysis (crates/authlens-full-web): the worker's module, and the
  // main thread's for Diagnose's whole panel where there is no worker.
  full: { glue: '__AUTHLENS_FULL_GLUE__', wasm: '__AUTHLENS_FULL_WASM__' },
};
const PROGRESS_AFTER_MS = 200;
/** What the status says while a paste waits for the engine (as crates/authlens-web's bridge). */
const LOADING_ENGINE = 'Loading the analyser… (once per visit; your paste stays in this page)';
const PROGRESS_EVERY_MS = 250;

let worker = null;
let workerUnusable = false;
// Whether the engine (the full module, in the worker or on this thread) answered once: the page
// shell has no analysis of its own, so until then a paste waits for it.
let engineReady = false;

/** `<body data-engine="ready">` and `window.authlensEngineReady`: analyses can run now. */
function markEngineReady() {
  if (engineReady) return;
  engineReady = true;
  globalThis.authlensEngineReady = true;
  if (typeof document !== 'undefined' && document.body) document.body.dataset.engine = 'ready';
}
let nextId = 1;
const pending = new Map();

/** Where and how the last analysis ran: {where: 'worker'|'main', ms, memoryBytes, chars}. */
export let lastRun = null;

/** Error raised when the analysis itself failed (e.g. a Rust panic in the worker). */
export class AnalysisError extends Error {
  constructor(message, { fatal = false } = {}) {
    super(message);
    this.name = 'AnalysisError';
    this.fatal = fatal;
  }
}

/** True when analyses run in a worker (false: they run on the main thread). */
export function workerAvailable() {
  return (
    !workerUnusable &&
    !globalThis.AUTHLENS_NO_WORKER &&
    typeof Worker === 'function' &&
    location.protocol !== 'file:' &&
    WORKER_URL.protocol !== 'file:'
  );
}

/** Human size of a text: "812 KB", "10.0 MB" (UTF-16 characters, close enough to bytes). */
export function formatSize(chars) {
  if (chars < 1024 * 1024) return `${Math.max(1, Math.round(chars / 1024))} KB`;
  return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
}

function dropWorker(reason) {
  const w = worker;
  worker = null;
  if (!w) return;
  w.terminate();
  for (const [id, p] of pending) {
    if (p.worker === w) {
      pending.delete(id);
      p.reject(reason);
    }
  }
}

function startWorker() {
  if (worker) return worker;
  let w;
  try {
    w = new Worker(WORKER_URL, { type: 'module', name: 'authlens-analysis' });
  } catch (e) {
    // E.g. a SecurityError where the page may not start workers: main thread from now on.
    workerUnusable = true;
    const err = new AnalysisError(`AuthLens worker cannot start: ${e?.message ?? e}`, { fatal: true });
    err.initFailed = true;
    throw err;
  }
  w.addEventListener('message', (event) => {
    const msg = event.data ?? {};
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) {
      p.resolve(msg);
      return;
    }
    if (msg.initFailed) workerUnusable = true;
    if (msg.fatal && worker === w) dropWorker(new AnalysisError('AuthLens worker stopped', { fatal: true }));
    const err = new AnalysisError(msg.error ?? 'analysis failed', { fatal: !!msg.fatal });
    err.initFailed = !!msg.initFailed;
    p.reject(err);
  });
  // The script failed to load, or an uncaught error: this worker is gone; the next call starts a
  // new one (or, if it never started, analyses run on the main thread from now on).
  w.addEventListener('error', (event) => {
    event.preventDefault?.();
    const everAnswered = w.__answered;
    if (!everAnswered) workerUnusable = true;
    const err = new AnalysisError(`AuthLens worker error: ${event.message || 'failed to load'}`, { fatal: true });
    err.initFailed = !everAnswered;
    if (worker === w) dropWorker(err);
  });
  w.addEventListener('messageerror', () => {
    if (worker === w) dropWorker(new AnalysisError('AuthLens worker sent an unreadable reply', { fatal: true }));
  });
  worker = w;
  return w;
}

function call(op, payload = {}, { signal, timeoutMs } = {}) {
  let w;
  try {
    w = startWorker();
  } catch (e) {
    return Promise.reject(e);
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    let timer = null;
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      // The only way to stop wasm mid-run is to stop its worker.
      pending.delete(id);
      cleanup();
      if (worker === w) dropWorker(new DOMException('Aborted', 'AbortError'));
      reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    };
    pending.set(id, {
      worker: w,
      resolve: (msg) => {
        w.__answered = true;
        markEngineReady();
        cleanup();
        resolve(msg);
      },
      reject: (e) => {
        cleanup();
        reject(e);
      },
    });
    if (signal) {
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
    }
    if (timeoutMs) {
      timer = setTimeout(() => {
        if (!pending.has(id)) return;
        pending.delete(id);
        if (worker === w) dropWorker(new AnalysisError('AuthLens worker timed out', { fatal: true }));
        reject(new AnalysisError(`analysis took longer than ${timeoutMs} ms`, { fatal: true }));
      }, timeoutMs);
    }
    w.postMessage({ id, op, ...payload });
  });
}

/** Waits for the page's own wasm module (Trunk's loader sets window.wasmBindings). */
function pageBindings() {
  if (globalThis.wasmBindings) return Promise.resolve(globalThis.wasmBindings);
  return new Promise((resolve) => {
    const check = () => globalThis.wasmBindings && (clearInterval(t), resolve(globalThis.wasmBindings));
    addEventListener('TrunkApplicationStarted', check, { once: true });
    const t = setInterval(check, 50);
  });
}

/**
 * The module that renders Diagnose's whole panel on the main thread, and the Rules view: the
 * full page layer (the page's start module leaves run histories, sign-in logs, definitions,
 * credential lists and the rules' documentation to it); in the single-file build the page's own
 * module, which is the full one there.
 */
function viewBindings() {
  const bindings = globalThis.AUTHLENS_SINGLE_FILE || ON_DEMAND.full.glue.startsWith('__') ? pageBindings() : load('full');
  return bindings.then((b) => (markEngineReady(), b));
}

/**
 * Runs `fn(bindings)` of the engine on this thread; an error leaves it redacted by the engine, as
 * the worker's errors do (a message can quote the paste, and the page shell has no redaction of
 * its own). A trap (`WebAssembly.RuntimeError`) says only the engine's own words and leaves the
 * instance unusable, so it is passed on as it is.
 */
function onMainThread(bindings, fn) {
  try {
    return fn(bindings);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) throw e;
    let message = 'Error: the analysis failed';
    try {
      message = bindings.engine('redact', `${e?.name ?? 'Error'}: ${e?.message ?? e}`, '') ?? message;
    } catch {
      // keep the generic message
    }
    throw new AnalysisError(message);
  }
}

async function analyzeOnMainThread(text, op = 'diagnose', settings = undefined) {
  // The page's start module is the page shell: the engine is the full module's.
  const bindings = await viewBindings();
  // Let the "Analysing…" state paint before the main thread is busy.
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const t0 = performance.now();
  const report = onMainThread(bindings, (b) => (op === 'view' ? b.analyzeView(text, settings) : b.diagnose(text)));
  lastRun = { where: 'main', ms: performance.now() - t0, memoryBytes: null, chars: text.length };
  return report;
}

/**
 * Diagnoses `text` off the main thread; resolves to the report (same as `wasmBindings.diagnose`).
 * @param {string} text
 * @param {{onProgress?: (p: {message: string, elapsedMs: number, chars: number}) => void,
 *          signal?: AbortSignal, timeoutMs?: number, progressAfterMs?: number, op?: 'diagnose' | 'view',
 *          inventoryNow?: number}} [options] (`inventoryNow`: the "now" chosen for an inventory, seconds)
 * @returns {Promise<object>}
 */
export async function analyzeInWorker(text, options = {}) {
  const { onProgress, signal, timeoutMs, progressAfterMs = PROGRESS_AFTER_MS, op = 'diagnose', settings } = options;
  text = String(text ?? '');
  const started = performance.now();
  const size = formatSize(text.length);
  const tick = () => {
    try {
      const message = engineReady ? `Analysing ${size}…` : LOADING_ENGINE;
      onProgress?.({ message, elapsedMs: performance.now() - started, chars: text.length });
    } catch (e) {
      console.error(e);
    }
  };
  let every = null;
  const first = onProgress
    ? setTimeout(() => {
        tick();
        every = setInterval(tick, PROGRESS_EVERY_MS);
      }, progressAfterMs)
    : null;
  try {
    if (workerAvailable()) {
      try {
        const msg = await call(op === 'view' ? 'view' : 'diagnose', { text, settings }, { signal, timeoutMs });
        lastRun = { where: 'worker', ms: msg.ms, memoryBytes: msg.memoryBytes, chars: text.length };
        return msg.result;
      } catch (e) {
        // The worker could not start at all (offline without its files, blocked): main thread.
        if (!e?.initFailed) throw e;
      }
    }
    if (onProgress && text.length > 256 * 1024) tick();
    return await analyzeOnMainThread(text, op, settings);
  } finally {
    clearTimeout(first);
    clearInterval(every);
  }
}

/**
 * The whole Diagnose panel for `text`, rendered by the page layer (crates/authlens-web, op
 * `view`), in the worker when there is one: what the page calls for pastes of 256 KB and more.
 * `inventoryNow` (seconds, optional): the "now" the person chose for a credential list.
 */
export function analyzeView(text, onProgress, settings) {
  return analyzeInWorker(text, { op: 'view', onProgress, settings: typeof settings === 'string' && settings ? settings : undefined });
}

/**
 * The Token view's result for `text` (a token of hundreds of KB, or a paste of megabytes): the
 * page layer's `tokenView` in the worker when there is one, else on the main thread. `job` is the
 * JSON of the view's fields (crates/authlens-web/src/token, `Job`); resolves to the JSON of
 * {html, summary, redacted}, the same on both paths.
 */
export async function tokenView(text, job, { inWorker = workerAvailable() } = {}) {
  text = String(text ?? '');
  job = String(job ?? '');
  if (inWorker) {
    try {
      const msg = await call('token', { text, job });
      lastRun = { where: 'worker', op: 'token', ms: msg.ms, memoryBytes: msg.memoryBytes, chars: text.length };
      return msg.result;
    } catch (e) {
      if (!e?.initFailed) throw e;
    }
  }
  const bindings = await viewBindings();
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const t0 = performance.now();
  const result = onMainThread(bindings, (b) => b.tokenView(text, job));
  lastRun = { where: 'main', op: 'token', ms: performance.now() - t0, memoryBytes: null, chars: text.length };
  return result;
}

/**
 * Starts the engine ahead of the first paste: the worker and its full module, or, where there is
 * no worker, the full module on this thread. The page calls it right after ready (the page shell
 * has no analysis of its own); resolves to whether the engine answered (then
 * `<body data-engine="ready">`). The promise is also `window.authlensEngine`.
 */
export function warmUp() {
  globalThis.authlensEngine ??= (async () => {
    // The page calls this from its wasm's start, before its loader set `wasmBindings` (and, in
    // the single-file build, `AUTHLENS_SINGLE_FILE`: the page's module is the full one there).
    await pageBindings();
    if (workerAvailable()) {
      try {
        await call('version');
        return true;
      } catch (e) {
        if (!e?.initFailed) return false;
      }
    }
    try {
      await viewBindings();
      return true;
    } catch {
      return false;
    }
  })();
  return globalThis.authlensEngine;
}

/** Worker ops that are calls of the full module's `engine` export (crates/authlens-web/src/engine.rs). */
const ENGINE_OPS = new Set(['share', 'openLink', 'personal', 'handoff', 'redact']);

/**
 * What the page shell asks of the engine besides the views' analyses (`op`: 'share', 'openLink',
 * 'personal', 'handoff', 'redact'; see crates/authlens-web/src/engine.rs): in the worker when
 * there is one, else the full module on this thread. Resolves to the answer text or null.
 */
export async function engine(op, text, arg) {
  op = String(op ?? '');
  if (!ENGINE_OPS.has(op)) throw new TypeError(`unknown engine op ${op}`);
  text = String(text ?? '');
  arg = String(arg ?? '');
  if (workerAvailable()) {
    try {
      return (await call(op, { text, args: [arg] })).result ?? null;
    } catch (e) {
      if (!e?.initFailed) throw e;
    }
  }
  return onMainThread(await viewBindings(), (b) => b.engine(op, text, arg)) ?? null;
}

/**
 * The engine's exports on this thread (the full module: `diagnose`, `analyzeView`, `tokenView`,
 * `engine`, …), loaded on first use: for scripts and tests (the page's own `window.wasmBindings`
 * are the page shell's, without them, except in the single-file build).
 */
export function engineBindings() {
  return viewBindings();
}

/** Bytes of the engine's wasm memory on this thread (null before it is loaded): for the bench. */
export function engineMemory() {
  const wasm = globalThis.AUTHLENS_SINGLE_FILE ? null : instances.full;
  return wasm?.memory?.buffer?.byteLength ?? null;
}

/** Stops the worker (the next analysis starts a new one). */
export function terminateWorker() {
  dropWorker(new DOMException('Aborted', 'AbortError'));
}

/** For tests and benchmarks: a raw worker call ('version', 'memory', '__test_panic'). */
export function _workerCall(op, payload) {
  return call(op, payload).then((m) => m.result);
}

const modules = {};
/** The wasm exports of the on-demand modules loaded on this thread (their memory, for the bench). */
const instances = {};

/** The exports of an on-demand module, loaded once (a failed load is retried on the next call). */
function load(name) {
  modules[name] ??= (async () => {
    // The single-file build inlines them (www/tools/single-file.mjs): nothing to fetch.
    const inline = globalThis.authlensInline?.[name];
    if (inline) return inline.load();
    const { glue, wasm } = ON_DEMAND[name];
    if (glue.startsWith('__')) throw new Error('analysis-client.js was not generated by the build (www/tools/sw-gen.mjs)');
    const m = await import(new URL(glue, import.meta.url).href);
    instances[name] = await m.default({ module_or_path: new URL(wasm, import.meta.url) });
    return m;
  })().catch((e) => {
    delete modules[name];
    throw e;
  });
  return modules[name];
}

/**
 * Checks the signature of the token in `input` with `key` (JWK, JWKS, PEM, certificate, secret).
 * Resolves to the JSON text of the core's `KeyOutcome`, or 'null' when the key plays no part.
 * The key never leaves the page: the verifier is code fetched by name, and runs here.
 */
export async function checkKey(input, key) {
  return (await load('verify')).checkKey(String(input ?? ''), String(key ?? ''));
}

/**
 * The Compare view for two pasted requests: resolves to the JSON text of {html, summary}.
 * `pickLeft`/`pickRight` choose a request in a collection or HAR; `now` is in seconds.
 */
export async function compareView(left, right, pickLeft, pickRight, now) {
  const args = [String(left ?? ''), String(right ?? ''), String(pickLeft ?? ''), String(pickRight ?? ''), Number(now)];
  // Large pastes (a HAR of megabytes) are parsed and compared in the worker: on the main thread
  // a 10 MB HAR blocked the page for about a second.
  if (args[0].length + args[1].length >= COMPARE_IN_WORKER_CHARS && workerAvailable()) {
    try {
      return await compareInWorker(...args);
    } catch (e) {
      // The worker could not start (offline without its files, blocked): the main thread.
      if (!e?.initFailed) throw e;
    }
  }
  const m = await load('compare');
  return m.compareView(...args);
}

/** Combined size of the two pastes from which Compare runs in the worker (as Diagnose's). */
const COMPARE_IN_WORKER_CHARS = 256 * 1024;

/**
 * `compareView` in the worker whatever the size (what `compareView` calls for large pastes; the
 * tests call it to check both paths agree). The worker loads the same Compare module files.
 */
export async function compareInWorker(left, right, pickLeft, pickRight, now) {
  const { glue, wasm } = ON_DEMAND.compare;
  if (glue.startsWith('__')) throw new Error('analysis-client.js was not generated by the build (www/tools/sw-gen.mjs)');
  const t0 = performance.now();
  const msg = await call('compare', {
    glue: new URL(glue, import.meta.url).href,
    wasm: new URL(wasm, import.meta.url).href,
    args: [String(left ?? ''), String(right ?? ''), String(pickLeft ?? ''), String(pickRight ?? ''), Number(now)],
  });
  lastRun = { where: 'worker', op: 'compare', ms: msg.ms, wallMs: performance.now() - t0, memoryBytes: msg.memoryBytes, chars: String(left ?? '').length + String(right ?? '').length };
  return msg.result;
}

/**
 * The request in a Diagnose paste, for the hand-offs (the Compare module holds the request
 * parser): resolves to the JSON text of {side: 'left'|'right', url: 'GET https://…'} or 'null'.
 */
export async function requestHandoff(text) {
  return (await load('compare')).requestHandoff(String(text ?? ''));
}

/**
 * The Rules view, rendered into the page by the full page layer (the start module has no rules'
 * documentation): `op` 'index', 'search' (`arg`: the query) or 'rule' (`arg`: the code; `focus`:
 * then focus its heading).
 */
export async function rulesView(op, arg, focus) {
  (await viewBindings()).rulesView(String(op ?? ''), String(arg ?? ''), !!focus);
}

/** The whole error text of a pasted history's failed run `index` (the history table's numbering), or null. */
export async function historyRunError(paste, index) {
  paste = String(paste ?? '');
  index = String(index ?? '');
  // The worker has the full module already: it analysed the history.
  if (workerAvailable()) {
    try {
      return (await call('runError', { text: paste, args: [index] })).result ?? null;
    } catch (e) {
      if (!e?.initFailed) throw e;
    }
  }
  return (await viewBindings()).historyRunError(paste, index) ?? null;
}

/** A rule's documented example, for "Try this example in Diagnose": the text, or null. */
export async function ruleExample(code) {
  return (await viewBindings()).ruleExample(String(code ?? '')) ?? null;
}

function whenIdle(timeout) {
  return new Promise((ok) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => ok(), { timeout });
    else setTimeout(ok, 1000);
  });
}

/**
 * Downloads the on-demand modules' files (Compare, the signature verifier) when the browser is
 * idle after start, so that the service worker keeps them: both then work offline without having
 * been used online. The page calls it once it is ready, so readiness never waits for it; nothing
 * is instantiated. Not in the single-file build (they are inlined), nor without a service worker
 * controlling the page (nothing would keep them). Resolves to whether it downloaded them; the
 * promise is also `window.authlensPrecache`.
 */
export function precache() {
  globalThis.authlensPrecache ??= (async () => {
    const sw = navigator.serviceWorker;
    if (globalThis.AUTHLENS_NO_PRECACHE || globalThis.authlensInline || !sw || location.protocol === 'file:') return false;
    await sw.ready;
    if (!sw.controller) await new Promise((ok) => sw.addEventListener('controllerchange', ok, { once: true }));
    await whenIdle(5000);
    const files = Object.values(ON_DEMAND).flatMap(({ glue, wasm }) => [glue, wasm]);
    if (files.some((f) => f.startsWith('__'))) return false;
    // Through the service worker, which keeps exactly these files (LAZY in sw.js).
    const done = await Promise.all(
      files.map((f) => fetch(new URL(f, import.meta.url)).then((r) => r.ok && r.arrayBuffer()).catch(() => false)),
    );
    const ok = done.every(Boolean);
    // The offline line says what works offline now (www/sw-register.js wrote the first part).
    const line = document.getElementById('offline-status');
    if (ok && line && document.documentElement.dataset.offline === 'ready') {
      line.textContent = 'Works offline, Compare and signature verification included: AuthLens is saved in this browser (its files only, never your pastes).';
    }
    return ok;
  })();
  return globalThis.authlensPrecache;
}

/**
 * The page's first `Intl.DateTimeFormat` loads the locale's data (tens of ms): done once the
 * browser is idle after start, rather than in the middle of showing a pasted history's local
 * times (`dom::local_times` in crates/authlens-web).
 */
function warmLocalTimes() {
  whenIdle(3000).then(() => {
    try {
      new Intl.DateTimeFormat('default', { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).format(0);
    } catch {
      // No Intl: dom::local_times leaves times as given.
    }
  });
}

// The page asks for it once wired (crates/authlens-web); this covers a page whose wasm started
// before this module ran.
if (globalThis.authlensReady) {
  precache();
  warmLocalTimes();
} else {
  addEventListener('TrunkApplicationStarted', () => {
    precache();
    warmLocalTimes();
  }, { once: true });
}

globalThis.authlensAnalysis = Object.freeze({
  analyzeInWorker, analyzeView, precache, warmUp, engine, engineBindings, engineMemory, terminateWorker, workerAvailable, formatSize, checkKey, compareView, compareInWorker, tokenView, requestHandoff, rulesView, ruleExample, historyRunError,
  get lastRun() {
    return lastRun;
  },
  get engineReady() {
    return engineReady;
  },
});
