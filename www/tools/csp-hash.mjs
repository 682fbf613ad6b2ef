#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml): allows exactly Trunk's inline module loader under the
// page's strict CSP by adding its sha256 to `script-src`, and refuses to ship a page that would
// need anything looser.
//
// Trunk 0.21 injects `<script type="module">import init, * as bindings from './authlens-web-….js';
// …</script>` into index.html. Instead of `'unsafe-inline'`, we hash that exact text. The hash is
// recomputed on every build, so it always matches the script Trunk wrote.
//
// Usage: run by Trunk with TRUNK_STAGING_DIR set; or `node www/tools/csp-hash.mjs path/to/index.html`.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const file = process.argv[2] ?? join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'index.html');
let html = readFileSync(file, 'utf8');

function fail(msg) {
  console.error(`csp-hash: ${file}: ${msg}`);
  process.exit(1);
}

const metaRe = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i;
const meta = html.match(metaRe);
if (!meta) fail('no Content-Security-Policy meta tag');
const csp = meta[1];
for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*']) {
  if (csp.split(/[\s;]+/).includes(bad)) fail(`CSP must not contain ${bad}`);
}
if (!/(^|;)\s*connect-src 'self'\s*(;|$)/.test(csp)) fail("CSP must have connect-src 'self'");

// Inline event handlers and inline styles would be blocked by the CSP: catch them at build time.
if (/<[^>]+\son[a-z]+\s*=/i.test(html)) fail('inline event handler attribute found');
if (/<style[\s>]/i.test(html)) fail('inline <style> found (style-src is self only)');
if (/\sstyle\s*=/i.test(html)) fail('inline style attribute found (style-src is self only)');

const hashes = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  const [, attrs, body] = m;
  if (/\bsrc\s*=/i.test(attrs)) {
    const src = attrs.match(/\bsrc\s*=\s*["']?([^"'\s>]+)/i)?.[1] ?? '';
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src)) fail(`external script ${src}`);
    continue;
  }
  if (body.trim() === '') continue;
  hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
}
if (hashes.length === 0) fail("no inline loader script found: did Trunk's output change?");

const directives = csp.split(';').map((d) => d.trim()).filter(Boolean);
const i = directives.findIndex((d) => d.startsWith('script-src '));
if (i < 0) fail('CSP has no script-src');
const sources = directives[i].split(/\s+/).filter((s) => !s.startsWith("'sha256-"));
directives[i] = [...sources, ...hashes].join(' ');
const newCsp = directives.join('; ');
html = html.replace(metaRe, `<meta http-equiv="Content-Security-Policy" content="${newCsp}">`);
writeFileSync(file, html);
console.error(`csp-hash: script-src now allows ${hashes.length} inline script(s) by hash`);
