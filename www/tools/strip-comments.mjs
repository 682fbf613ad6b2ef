#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml; runs first): removes the comments of the page's own
// hand-written files from the build, not from the sources. They explain the code to its readers
// and are ~30% of what those files weigh gzipped, for nothing in the browser (page-weight budget,
// docs/performance-browser.md).
//
// Deliberately conservative, no parser: only comments that fill whole lines go, i.e. `// …` lines
// and `/* … */` blocks that start and end their lines in the JS files, and `<!-- … -->` lines in
// the head and body markup of index.html. A line inside a template literal is never touched. The
// wasm-bindgen glue is left alone (Trunk's preload carries its integrity hash).
//
// Usage: run by Trunk with TRUNK_STAGING_DIR set; or `node www/tools/strip-comments.mjs path/to/dist`.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILES = ['analysis-client.js', 'worker.js', 'sw.js', 'sw-register.js'];

/** `code` without its whole-line comments (never inside a template literal). */
export function stripJs(code) {
  const out = [];
  let inBlock = false;
  let ticks = 0; // backticks seen so far: odd = inside a template literal
  for (const line of code.split('\n')) {
    const t = line.trim();
    if (ticks % 2 === 0) {
      if (inBlock) {
        if (t.includes('*/')) {
          if (!t.endsWith('*/')) throw new Error(`code after a block comment: ${line}`);
          inBlock = false;
        }
        continue;
      }
      if (t.startsWith('//')) continue;
      if (t.startsWith('/*')) {
        if (!t.includes('*/')) inBlock = true;
        else if (t.endsWith('*/') && t.indexOf('*/') === t.length - 2) continue;
        if (inBlock) continue;
      }
    }
    ticks += (line.replace(/\\`/g, '').match(/`/g) ?? []).length;
    out.push(line);
  }
  if (inBlock) throw new Error('unterminated block comment');
  return out.join('\n');
}

/** `html` without the comments that fill whole lines outside <script>, <style> and <textarea>. */
export function stripHtml(html) {
  return html.replace(/^[ \t]*<!--(?:(?!-->)[\s\S])*-->[ \t]*\n/gm, (m, offset) => {
    const before = html.slice(0, offset);
    const open = (tag) => (before.match(new RegExp(`<${tag}\\b`, 'gi')) ?? []).length > (before.match(new RegExp(`</${tag}>`, 'gi')) ?? []).length;
    return ['script', 'style', 'textarea'].some(open) ? m : '';
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist';
  let saved = 0;
  for (const f of FILES) {
    const p = join(dir, f);
    if (!existsSync(p)) continue;
    const src = readFileSync(p, 'utf8');
    const out = stripJs(src);
    saved += src.length - out.length;
    writeFileSync(p, out);
  }
  const index = join(dir, 'index.html');
  if (existsSync(index)) {
    const src = readFileSync(index, 'utf8');
    const out = stripHtml(src);
    saved += src.length - out.length;
    writeFileSync(index, out);
  }
  console.error(`strip-comments: ${saved} bytes of comments left out of the build`);
}
