// The command line and the page give the same report (issue 12): every input the CLI front-door
// test uses (crates/authlens-cli/tests/front_door.rs) goes through the release `authlens
// diagnose --json` / `--markdown` and through the page (pasted into Diagnose, Analyze), both
// judging against the same clock, and what the page shows must be what the CLI prints: the
// detected input, the verdict, every finding's code, category and severity in order, the Markdown
// report, the token hand-off; for a run history its patterns, counts and every run's rule; for a
// sign-in log its errors, policies, patterns, the joined run's findings and the match.
// One page serves every paste (Clear between them); pastes go to the page in batches.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startServer, launchBrowser, waitReady, collectConsole } from './support/harness.mjs';

// The clock both sides judge tokens and histories against (front_door.rs uses the same).
const NOW = '2025-11-23T12:13:20Z';
const FIXTURES = join(ROOT, 'crates/authlens-core/tests/fixtures');
const TARGET = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
const CLI = join(TARGET, 'release', 'authlens');
// What the page answers Analyze on an empty box with (crates/authlens-web/src/diagnose/mod.rs).
const EMPTY = 'Nothing to analyse yet: paste what the failed run shows (the raw outputs, the error text, a token or a run history), or open a file.';
// Pastes sent to the page per evaluate: fewer round trips than one a paste.
const BATCH = 40;

/** The release CLI: built here when `./x test` has not built it already (a no-op when fresh). */
function buildCli() {
  execFileSync('cargo', ['build', '--release', '--locked', '-q', '-p', 'authlens-cli'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  assert.ok(existsSync(CLI), `${CLI} was not built`);
}

const read = (path) => readFileSync(path, 'utf8');
const sorted = (dir, re) => (existsSync(dir) ? readdirSync(dir).filter((f) => re.test(f)).sort() : []);

/** `{ name, text, file? }` for every input of front_door.rs but the masked sign-in variants (the
 * masking is the core's, checked there). `file`: given to the CLI as a path, as a person would. */
function inputs(rules) {
  const out = [];
  const jsonl = (path) => {
    for (const line of read(path).split('\n').filter((l) => l.trim())) {
      const c = JSON.parse(line);
      out.push({ name: `${path.slice(FIXTURES.length + 1)}:${c.id}`, text: c.input });
    }
  };
  jsonl(join(FIXTURES, 'corpus/cases.jsonl'));
  jsonl(join(FIXTURES, 'cases/own.jsonl'));
  for (const dir of ['mined', 'frozen']) {
    for (const f of sorted(join(FIXTURES, dir), /\.jsonl$/)) jsonl(join(FIXTURES, dir, f));
  }
  for (const r of rules) {
    const id = `${r.code}-${r.name}`;
    // The documentation's example, as `Rule::example` reads it.
    const example = r.docs.split('## Example')[1]?.split('```text\n')[1]?.split('\n```')[0];
    if (example !== undefined) out.push({ name: `rule ${id} example`, text: example });
    const quiet = join(FIXTURES, 'rules', id, 'quiet.txt');
    if (existsSync(quiet)) out.push({ name: `rule ${id} quiet`, text: read(quiet), file: quiet });
  }
  for (const f of sorted(join(FIXTURES, 'history'), /\.(json|csv)$/)) {
    const file = join(FIXTURES, 'history', f);
    out.push({ name: `history/${f}`, text: read(file), file });
  }
  // Definitions (the audit) and credential or connection lists (the inventory).
  for (const dir of ['audit', 'inventory']) {
    for (const f of sorted(join(FIXTURES, dir), /\.(json|txt)$/)) {
      const file = join(FIXTURES, dir, f);
      out.push({ name: `${dir}/${f}`, text: read(file), file });
    }
  }
  const signins = join(FIXTURES, 'signins');
  const run = read(join(signins, 'run-output-401.json'));
  for (const f of sorted(signins, /./)) {
    const file = join(signins, f);
    out.push({ name: `signins/${f}`, text: read(file), file });
    out.push({ name: `signins/${f} + run`, text: `${run}\n${read(file)}` });
  }
  return out;
}

/** `authlens ARGS` with `stdin` (none when undefined): its standard output (exit 0 asserted). */
function cli(args, stdin) {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI, args, { stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`authlens ${args.join(' ')}: exit ${code}: ${Buffer.concat(err)}`));
    });
    if (stdin !== undefined) child.stdin.end(stdin);
  });
}

/** What the CLI says of one input: the analysis (JSON) and the Markdown report. */
async function cliReport(input) {
  const source = input.file ? [input.file] : ['-'];
  const stdin = input.file ? undefined : input.text;
  const [json, markdown] = await Promise.all([
    cli(['diagnose', '--json', '--now', NOW, ...source], stdin),
    cli(['diagnose', '--markdown', '--now', NOW, ...source], stdin),
  ]);
  return { analysis: JSON.parse(json), markdown };
}

/** Runs `f` over `items` with `n` at a time (the machine has 2 cores). */
async function pool(items, n, f) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
  return results;
}

/** In the page: Clear, paste each text (one input event, as a paste), Analyze, read what shows
 * (once the page has it: the page shell hands every paste to the full module, in the worker, and
 * says "Analysing…" meanwhile). */
async function readPage(texts) {
  const $ = (sel, root = document) => root.querySelector(sel);
  const all = (sel) => [...document.querySelectorAll(sel)];
  const shown = (id) => { const e = document.getElementById(id); return !!e && !e.hidden; };
  const input = $('[data-testid="diagnose-input"]');
  const out = [];
  for (const text of texts) {
    $('[data-testid="clear-diagnose"]').click();
    const any = () => ['result', 'history', 'signins', 'audit', 'inventory'].some(shown);
    if (any()) {
      out.push({ error: 'Clear left a result shown' });
      continue;
    }
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    $('#analyze').click();
    // "Loading the analyser…" until the engine (the full module, in the worker) first answered.
    const busy = () => /^(Analysing|Loading the analyser)/.test($('[data-testid="status"]').textContent);
    // Counted, not timed: the page's clock is fixed.
    for (let waited = 0; busy() && waited < 3000; waited += 1) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const page = {};
    if (!any()) {
      // An empty paste: the page shows no report and says what to paste, in the status line.
      page.nothing = $('[data-testid="status"]').textContent;
    }
    if (shown('result')) {
      const kind = $('[data-testid="input-kind"]');
      page.diagnosis = {
        kind: kind.dataset.kind,
        platform: kind.dataset.platform,
        verdict: $('[data-testid="verdict"]').textContent,
        findings: all('[data-testid="diagnose-findings"] > li').map((li) =>
          [li.dataset.code, li.dataset.category, li.dataset.severity]),
        markdown: $('[data-testid="report-markdown"]').value,
        token: !$('[data-testid="to-token"]').hidden,
      };
    }
    if (shown('history')) {
      const counts = $('[data-testid="history-kind"]').textContent.match(/(\d+) runs · (\d+) succeeded · (\d+) failed/);
      page.history = {
        counts: counts && counts.slice(1).map(Number),
        patterns: all('[data-testid="history-patterns"] > li').map((li) => [li.dataset.pattern, li.dataset.category ?? null]),
        runs: all('[data-testid="history-table"] tbody tr').map((tr) =>
          [tr.dataset.outcome, tr.dataset.rule]),
      };
    }
    if (shown('audit')) {
      page.audit = {
        findings: all('[data-testid="audit-findings"] > li').map((li) => [li.dataset.code, li.dataset.action]),
      };
    }
    if (shown('inventory')) {
      page.inventory = {
        items: all('[data-testid="inventory-items"] > li').map((li) => [li.dataset.item, li.dataset.status]),
      };
    }
    if (shown('signins')) {
      const match = $('[data-testid="signins-match"]');
      page.signins = {
        format: $('[data-testid="signins-kind"]').dataset.format,
        errors: all('[data-testid="signins-errors"] > li').map((li) => [li.dataset.code, li.dataset.category]),
        policies: all('[data-testid="signins-policies"] tbody tr').map((tr) => [tr.dataset.policy, Number(tr.dataset.failures)]),
        patterns: all('[data-testid="signins-patterns"] > li').map((li) => li.dataset.code),
        match: match ? match.dataset.by : null,
      };
    }
    out.push(page);
  }
  return out;
}

/** What the page must show for the CLI's analysis, in the shape `readPage` reads. */
function expected({ analysis: a, markdown }) {
  const diagnosis = (r, md) => ({
    kind: r.input.kind,
    platform: r.input.platform,
    verdict: r.verdict,
    findings: r.findings.map((f) => [f.code, f.category, f.severity]),
    ...(md === undefined ? {} : { markdown: md }),
  });
  switch (a.analysis) {
    case 'diagnosis':
      // Nothing pasted: the CLI's verdict says what to paste; the page says it in its status.
      if (a.input.kind === 'empty') return { nothing: EMPTY };
      return { diagnosis: { ...diagnosis(a, markdown), token: !!a.handoff?.token } };
    case 'history':
      return {
        history: {
          counts: [a.runs, a.successes, a.failures],
          patterns: a.patterns.map((p) => [p.id, p.category ?? null]),
          runs: a.run_list.slice().reverse().slice(0, 200).map((r) => [r.outcome, r.code ?? '']),
        },
      };
    case 'audit':
      return { audit: { findings: a.findings.map((f) => [f.code, f.action]) } };
    case 'inventory': {
      // The page's list: credentials (their status), then connections (in error, connected, or
      // of unknown state).
      const connection = (c) => (c.failed ? 'error' : c.status != null ? 'connected' : 'unknown');
      return {
        inventory: {
          items: [
            ...a.credentials.map((c) => ['credential', c.status]),
            ...a.connections.map((c) => ['connection', connection(c)]),
          ],
        },
      };
    }
    case 'sign-ins': {
      const log = a.log;
      const out = {
        signins: {
          format: log.format,
          errors: log.errors.map((e) => [`AADSTS${e.code}`, e.category ?? 'unclassified']),
          policies: log.policies.map((p) => [p.name, p.failures]),
          patterns: log.patterns.map((p) => p.code),
          match: a.sign_in ? a.sign_in.by : null,
        },
      };
      // The run's Markdown on the page is made from the masked paste, as the CLI's: compared
      // through the CLI's report, which starts with it.
      if (a.run) out.diagnosis = { ...diagnosis(a.run), token: !!a.handoff?.token };
      return out;
    }
    default:
      throw new Error(`unknown analysis ${a.analysis}`);
  }
}

let server;
let browser;
let cases;
before(async () => {
  buildCli();
  const rules = JSON.parse(await cli(['rules', '--json']));
  cases = inputs(rules);
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('authlens diagnose and the page give the same report for every fixture', async () => {
  const [fromCli, fromPage] = await Promise.all([
    pool(cases, 2, cliReport),
    (async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const logs = collectConsole(page);
      // The page's clock is the CLI's --now.
      await page.clock.setFixedTime(new Date(NOW));
      await page.goto(server.url);
      await waitReady(page);
      const shown = [];
      for (let i = 0; i < cases.length; i += BATCH) {
        shown.push(...await page.evaluate(readPage, cases.slice(i, i + BATCH).map((c) => c.text)));
      }
      await context.close();
      return { shown, logs };
    })(),
  ]);

  const kinds = { diagnosis: 0, history: 0, 'sign-ins': 0, audit: 0, inventory: 0 };
  const differ = [];
  let runMarkdowns = 0;
  cases.forEach((c, i) => {
    const want = expected(fromCli[i]);
    const got = fromPage.shown[i];
    kinds[fromCli[i].analysis.analysis] += 1;
    // A run pasted with its sign-in log: the page's Markdown of the run (from the masked paste,
    // then a line on the stand-ins) is how the CLI's report of the whole paste begins.
    if (want.signins && got.diagnosis) {
      const md = got.diagnosis.markdown;
      delete got.diagnosis.markdown;
      const run = md.slice(0, md.trimEnd().lastIndexOf('\n') + 1);
      runMarkdowns += 1;
      if (!run.includes('## AuthLens diagnosis') || !fromCli[i].markdown.startsWith(run)) {
        differ.push(`${c.name}: the run's Markdown is not how the CLI's report begins:\n${md}`);
      }
    }
    try {
      assert.deepEqual(got, want);
    } catch (e) {
      // The frozen set is only ever looked at through its totals: its cases are named, not shown.
      differ.push(c.name.startsWith('frozen/') ? c.name : `${c.name}:\n${e.message}`);
    }
  });
  assert.deepEqual(differ.slice(0, 5), [], `${differ.length} of ${cases.length} inputs differ`);
  assert.ok(cases.length > 500, `${cases.length} inputs`);
  assert.ok(kinds.history >= 13, `${kinds.history} histories`);
  assert.ok(kinds['sign-ins'] >= 10, `${kinds['sign-ins']} sign-in logs`);
  assert.ok(kinds.audit >= 8, `${kinds.audit} definitions`);
  assert.ok(kinds.inventory >= 8, `${kinds.inventory} credential or connection lists`);
  assert.ok(runMarkdowns >= 5, `${runMarkdowns} runs pasted with their sign-in log`);
  assert.deepEqual(fromPage.logs.filter((l) => /^(error|pageerror)/.test(l)), []);
});
