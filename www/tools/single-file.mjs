#!/usr/bin/env node
// Single-file build: turns the release dist/ into one HTML file that works when opened from
// file:// (saved to disk, mailed, put on a share), with no request but the file itself.
//
//   node www/tools/single-file.mjs [DIST=dist] [OUT=dist-single/authlens.html]
//
// - the stylesheet becomes a <style> element;
// - Trunk's loader, its preload links and the service worker registration are removed;
// - the page's wasm is the full page layer (crates/authlens-full-web; the site starts with a smaller
//   module and loads that one on demand);
// - the wasm-bindgen glue is inlined in one module script (its `export`s become local names), the
//   wasm goes in as base64 and is instantiated from those bytes (no fetch), then the script sets
//   `window.wasmBindings` and fires `TrunkApplicationStarted` like Trunk's loader;
// - other same-folder module scripts of the page (e.g. analysis-client.js) are inlined too, as
//   separate module scripts; a worker cannot start from file://, so analyses run on the main thread;
// - the modules analysis-client.js loads on demand on the site (signature verification, Compare)
//   are inlined as more module scripts: each glue, and its wasm as base64, instantiated on first
//   use only;
// - the CSP becomes: default-src 'none'; script-src <hashes> 'wasm-unsafe-eval'; style-src <hash>;
//   img-src data:; connect-src 'none'; worker-src 'none'; base-uri 'none'; form-action 'none'.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Scripts the single file must not keep (service worker: nothing to cache from file://). */
const DROP_SCRIPTS = new Set(['sw-register.js']);

class BuildError extends Error {}
const fail = (msg) => {
  throw new BuildError(msg);
};

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Removes `export` from an ES module's top-level declarations; returns {code, names}.
 * `dynamicImport`: a dynamic `import(` the caller knows is never reached in the single file.
 */
export function stripExports(code, what, { dynamicImport = false } = {}) {
  const names = [];
  const dynamic = /\bimport\s*\(/.test(code.replace(/import\.meta/g, ''));
  if (/^\s*import\s/m.test(code) || (dynamic && !dynamicImport)) {
    fail(`${what} imports other modules: it cannot be inlined as is`);
  }
  code = code.replace(/^export\s+((?:async\s+)?function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm, (_, kw, name) => {
    names.push([name, name]);
    return `${kw} ${name}`;
  });
  code = code.replace(/^export\s*\{([^}]*)\};?/gm, (_, list) => {
    for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [local, exported = local] = item.split(/\s+as\s+/).map((s) => s.trim());
      names.push([local, exported]);
    }
    return '';
  });
  code = code.replace(/^export\s+default\s+([A-Za-z_$][\w$]*)\s*;?/gm, (_, local) => {
    names.push([local, 'default']);
    return '';
  });
  if (/^export\s/m.test(code)) fail(`${what}: an export form this tool does not know`);
  return { code, names };
}

/** Text that would end or confuse an inline <script>/<style> element. */
function checkInlineable(text, tag, what) {
  if (new RegExp(`</${tag}`, 'i').test(text) || /<!--/.test(text) || (tag === 'script' && /<script/i.test(text))) {
    fail(`${what} contains text that cannot go inside an inline <${tag}>`);
  }
}

export function buildSingleFile(distDir) {
  let html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const read = (name) => {
    if (!/^[\w.-]+$/.test(name)) fail(`unexpected asset name ${name}`);
    return readFileSync(join(distDir, name));
  };

  // Trunk's loader: which glue and wasm.
  const loaderRe = /<script type="module">\s*import init, \* as bindings from '\.\/([\w.-]+\.js)';[\s\S]*?<\/script>/;
  const loader = html.match(loaderRe);
  if (!loader) fail("Trunk's loader script not found: did Trunk's output change?");
  let glueName = loader[1];
  let wasmName = loader[0].match(/module_or_path:\s*'\.\/([\w.-]+\.wasm)'/)?.[1];
  if (!wasmName) fail("no wasm path in Trunk's loader");
  // The page's start module leaves some analyses to the full page layer (crates/authlens-full-web),
  // which the site loads on demand; one file has no start weight to save: the full one is the page.
  const full = read('analysis-client.js')
    .toString('utf8')
    .match(/full: \{ glue: '\.\/([\w.-]+\.js)', wasm: '\.\/([\w.-]+\.wasm)' \}/);
  if (full) [, glueName, wasmName] = full;

  // Preload links for the glue and wasm go; the loader is replaced below.
  html = html.replace(/<link\s+rel="(?:modulepreload|preload)"[^>]*>/g, '');

  // Stylesheets -> <style>.
  const styles = [];
  html = html.replace(/<link\s+rel="stylesheet"\s+href="\.\/([\w.-]+\.css)"[^>]*>/g, (_, name) => {
    const css = read(name).toString('utf8');
    checkInlineable(css, 'style', name);
    styles.push(css);
    return `<style>${css}</style>`;
  });

  // The glue and the wasm, in one module script.
  const glue = stripExports(read(glueName).toString('utf8'), glueName);
  const byExport = new Map(glue.names.map(([local, exported]) => [exported, local]));
  if (!byExport.has('default') || !byExport.has('diagnose')) fail(`${glueName} is not the wasm-bindgen glue I know`);
  const wasmB64 = read(wasmName).toString('base64');
  const bindings = glue.names.map(([local, exported]) => `${JSON.stringify(exported)}: ${local}`).join(', ');
  const boot = `${glue.code}
// ---- AuthLens single-file loader (www/tools/single-file.mjs): the wasm, inlined ----
const __authlensWasm = ${JSON.stringify(wasmB64)};
const __authlensBytes = typeof Uint8Array.fromBase64 === 'function'
  ? Uint8Array.fromBase64(__authlensWasm)
  : Uint8Array.from(atob(__authlensWasm), (c) => c.charCodeAt(0));
const __authlensExports = await ${byExport.get('default')}({ module_or_path: __authlensBytes });
window.wasmBindings = Object.freeze({ ${bindings} });
window.AUTHLENS_SINGLE_FILE = true;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm: __authlensExports}}));
`;
  checkInlineable(boot, 'script', glueName);
  html = html.replace(loaderRe, () => `<script type="module">${boot}</script>`);

  // The modules analysis-client.js loads on demand: their names as sw-gen.mjs wrote them.
  const client = read('analysis-client.js').toString('utf8');
  const onDemand = [];
  for (const [part, ...fns] of [['verify', 'checkKey'], ['compare', 'compareView', 'requestHandoff']]) {
    const names = client.match(new RegExp(`${part}: \\{ glue: '\\./([\\w.-]+\\.js)', wasm: '\\./([\\w.-]+\\.wasm)' \\}`));
    if (!names) fail(`analysis-client.js names no ${part} module: was dist/ built by ./x build?`);
    const [, glueFile, wasmFile] = names;
    const g = stripExports(read(glueFile).toString('utf8'), glueFile);
    const exp = new Map(g.names.map(([local, exported]) => [exported, local]));
    if (!exp.has('default') || !fns.every((f) => exp.has(f))) fail(`${glueFile} is not the ${part} glue I know`);
    // A function, so the base64 is decoded and the module instantiated on first use only.
    const code = `${g.code}
// ---- AuthLens single-file: the ${part} module, inlined (analysis-client.js loads it) ----
const __authlensWasm = ${JSON.stringify(read(wasmFile).toString('base64'))};
(globalThis.authlensInline ??= {})[${JSON.stringify(part)}] = Object.freeze({
  load: async () => {
    const bytes = typeof Uint8Array.fromBase64 === 'function'
      ? Uint8Array.fromBase64(__authlensWasm)
      : Uint8Array.from(atob(__authlensWasm), (c) => c.charCodeAt(0));
    await ${exp.get('default')}({ module_or_path: bytes });
    return { ${fns.map((f) => `${f}: ${exp.get(f)}`).join(', ')} };
  },
});
`;
    checkInlineable(code, 'script', glueFile);
    onDemand.push(`<script type="module">${code}</script>`);
  }

  // Other local module scripts: dropped (service worker) or inlined; the on-demand modules after
  // the client.
  let onDemandInlined = false;
  html = html.replace(/<script\s+type="module"\s+src="\.\/([\w.-]+\.js)"\s*><\/script>/g, (_, name) => {
    if (DROP_SCRIPTS.has(name)) return '';
    // analysis-client.js imports the on-demand modules only when they are not inlined: never, here.
    const { code } = stripExports(read(name).toString('utf8'), name, { dynamicImport: name === 'analysis-client.js' });
    checkInlineable(code, 'script', name);
    const extra = name === 'analysis-client.js' && !onDemandInlined ? onDemand.join('') : '';
    onDemandInlined ||= !!extra;
    return `<script type="module">${code}</script>${extra}`;
  });
  if (!onDemandInlined) fail('the page does not load analysis-client.js: where do the on-demand modules go?');

  // Nothing may still point at another file.
  for (const m of html.matchAll(/<(script|link|img|iframe|source|object|embed)\b[^>]*\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)) {
    if (!m[2].startsWith('data:')) fail(`still refers to ${m[2]} (${m[0].slice(0, 60)}…)`);
  }
  if (/<[^>]+\son[a-z]+\s*=/i.test(html)) fail('inline event handler attribute found');
  if (/\sstyle\s*=/i.test(html)) fail('inline style attribute found');

  // The CSP: exactly these inline scripts and styles, nothing else.
  const scriptHashes = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1])) fail('external script left');
    if (m[2].trim()) scriptHashes.push(sha256(m[2]));
  }
  const styleHashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => sha256(m[1]));
  const csp = [
    "default-src 'none'",
    `script-src ${scriptHashes.join(' ')} 'wasm-unsafe-eval'`,
    `style-src ${styleHashes.join(' ') || "'none'"}`,
    'img-src data:',
    "connect-src 'none'",
    "worker-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const metaRe = /<meta\s+http-equiv="Content-Security-Policy"\s+content="[^"]*"\s*\/?>/i;
  if (!metaRe.test(html)) fail('no Content-Security-Policy meta');
  html = html.replace(metaRe, () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  // The CSP meta must come before every script for it to apply to them.
  if (html.search(metaRe) > html.search(/<script/i)) fail('the CSP meta must precede the scripts');
  return { html, csp, glueName, wasmName, scripts: scriptHashes.length, styles: styles.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dist = 'dist', out = 'dist-single/authlens.html'] = process.argv.slice(2);
  try {
    const r = buildSingleFile(resolve(dist));
    mkdirSync(dirname(resolve(out)), { recursive: true });
    writeFileSync(out, r.html);
    const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
    console.error(
      `single-file: ${out}: ${kb(Buffer.byteLength(r.html))} (${kb(gzipSync(r.html, { level: 9 }).length)} gzip), ` +
        `${r.scripts} inline script(s), ${r.styles} style(s), from ${r.glueName} + ${r.wasmName}`,
    );
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    console.error(`single-file: ${e.message}`);
    process.exit(1);
  }
}
