#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml; it runs after csp-hash.mjs, which rewrites index.html):
//
// 1. worker.js: writes the hashed names of the wasm-bindgen glue and the wasm of the full page
//    layer (crates/authlens-full-web, step 3; without it, the page's own module, read from Trunk's
//    loader in index.html) in place of its placeholders.
// 2. sw.js: writes the list of every built file (except sw.js itself) and a version, the sha256 of
//    sw.js's own source and those files' names and contents, in place of its placeholders. The
//    cache name contains that version, so any change to any file makes a new cache and the old
//    one is deleted on activation.
//
// 3. The modules loaded on demand (crates/authlens-verify-web, crates/authlens-compare-web,
//    crates/authlens-full-web): Trunk
//    names them without a content hash (data-type="worker" builds), so each glue and wasm is
//    renamed `authlens-verify-web-<hash>.js` / `…-<hash>_bg.wasm`, the names are written into
//    analysis-client.js, and sw.js lists Compare and the verifier as LAZY (cached when first used,
//    never precached: a visit that never uses them never downloads them). The full module makes
//    every analysis (the page's start module is the page shell): it is precached with the page.
//
// Usage: run by Trunk with TRUNK_STAGING_DIR set; or `node www/tools/sw-gen.mjs path/to/dist`.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';

function fail(msg) {
  console.error(`sw-gen: ${dir}: ${msg}`);
  process.exit(1);
}

/** The glue and wasm file names Trunk's inline loader uses, e.g. `authlens-web-0123abcd.js`. */
export function loaderAssets(html) {
  const glue = html.match(/import\s+init\s*,\s*\*\s+as\s+bindings\s+from\s+'\.\/([^'\/]+\.js)'/)?.[1];
  const wasm = html.match(/module_or_path:\s*'\.\/([^'\/]+\.wasm)'/)?.[1];
  return { glue, wasm };
}

function files(root, d = root) {
  const out = [];
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) out.push(...files(root, p));
    else if (e.isFile()) out.push(relative(root, p).split(sep).join('/'));
  }
  return out.sort();
}

const html = readFileSync(join(dir, 'index.html'), 'utf8');
const { glue, wasm } = loaderAssets(html);
if (!glue || !wasm) fail("cannot find the glue and wasm names in Trunk's loader: did Trunk's output change?");


/** Replaces `'NAME'` placeholders in `file`; fails when one is missing. */
function fill(file, values) {
  const path = join(dir, file);
  let text = readFileSync(path, 'utf8');
  for (const [name, value] of Object.entries(values)) {
    if (!text.includes(`'${name}'`)) fail(`${file} has no '${name}' placeholder`);
    text = text.replace(`'${name}'`, () => `'${value}'`);
  }
  writeFileSync(path, text);
}

const lazy = [];
const onDemand = {};
for (const part of ['verify', 'compare', 'full']) {
  const base = `authlens-${part}-web`;
  if (!existsSync(join(dir, `${base}.js`)) || !existsSync(join(dir, `${base}_bg.wasm`))) continue;
  const h = createHash('sha256')
    .update(readFileSync(join(dir, `${base}.js`)))
    .update(readFileSync(join(dir, `${base}_bg.wasm`)))
    .digest('hex')
    .slice(0, 16);
  const names = { glue: `${base}-${h}.js`, wasm: `${base}-${h}_bg.wasm` };
  renameSync(join(dir, `${base}.js`), join(dir, names.glue));
  renameSync(join(dir, `${base}_bg.wasm`), join(dir, names.wasm));
  if (existsSync(join(dir, 'analysis-client.js'))) {
    const P = part.toUpperCase();
    fill('analysis-client.js', { [`__AUTHLENS_${P}_GLUE__`]: `./${names.glue}`, [`__AUTHLENS_${P}_WASM__`]: `./${names.wasm}` });
  }
  // The full module is every analysis's (the page's start module is the page shell): precached
  // with the page's own files, so a page opened offline once can analyse. The others: when used.
  if (part !== 'full') lazy.push(names.glue, names.wasm);
  onDemand[part] = names;
}

// The worker runs the full page layer (crates/authlens-full-web) when the build has it, the
// page's own module otherwise.
const workerPath = join(dir, 'worker.js');
if (existsSync(workerPath)) {
  const use = onDemand.full ?? { glue, wasm };
  let w = readFileSync(workerPath, 'utf8');
  if (!w.includes("'__AUTHLENS_GLUE__'") || !w.includes("'__AUTHLENS_WASM__'")) fail('worker.js has no placeholders');
  w = w.replace("'__AUTHLENS_GLUE__'", () => JSON.stringify(`./${use.glue}`).replaceAll('"', "'"));
  w = w.replace("'__AUTHLENS_WASM__'", () => JSON.stringify(`./${use.wasm}`).replaceAll('"', "'"));
  writeFileSync(workerPath, w);
}

const swPath = join(dir, 'sw.js');
if (!existsSync(swPath)) {
  console.error('sw-gen: no sw.js in the build, nothing to generate');
  process.exit(0);
}
let sw = readFileSync(swPath, 'utf8');
if (!['__AUTHLENS_SW_VERSION__', '__AUTHLENS_SW_ASSETS__', '__AUTHLENS_SW_LAZY__'].every((p) => sw.includes(`'${p}'`))) {
  fail('sw.js has no placeholders');
}
const all = files(dir).filter((f) => f !== 'sw.js');
const assets = all.filter((f) => !lazy.includes(f));
if (!assets.includes('index.html')) fail('no index.html');
const hash = createHash('sha256');
hash.update(sw).update('\0'); // the worker's own code too: a new sw.js means a new cache
for (const f of all) hash.update(`${f}\0`).update(readFileSync(join(dir, f))).update('\0');
const version = hash.digest('hex').slice(0, 16);
const list = assets.map((f) => `./${f}`);
const lazyList = lazy.map((f) => `./${f}`);
sw = sw.replace("'__AUTHLENS_SW_VERSION__'", () => `'${version}'`);
sw = sw.replace("['__AUTHLENS_SW_ASSETS__']", () => JSON.stringify(list, null, 2).replaceAll('"', "'"));
sw = sw.replace("['__AUTHLENS_SW_LAZY__']", () => JSON.stringify(lazyList, null, 2).replaceAll('"', "'"));
writeFileSync(swPath, sw);
console.error(
  `sw-gen: worker.js uses ${(onDemand.full ?? { glue }).glue}; sw.js precaches ${list.length} files as version ${version}` +
    (lazy.length ? `, caches ${lazy.join(' and ')} when first used` : ''),
);
