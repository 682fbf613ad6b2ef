#!/usr/bin/env node
// Splits newly mined cases (tests/fixtures/incoming/*.jsonl) into the training set (mined/) and the
// frozen set (frozen/) BEFORE any knowledge is written for them. The split is a fixed-seed random
// draw per case id (30 % frozen), so it is reproducible and nobody chooses which cases are frozen.
// The frozen set is judged only through the totals of `./x accuracy`; never change code because of
// one frozen case.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const SEED = 'authlens-frozen-2026-11-30';
const SHARE = 0.3;
const root = new URL('../crates/authlens-core/tests/fixtures/', import.meta.url).pathname;
const incoming = join(root, 'incoming');

export function isFrozen(id) {
  const h = createHash('sha256').update(`${SEED}:${id}`).digest();
  return h.readUInt32BE(0) / 2 ** 32 < SHARE;
}

let files;
try {
  files = readdirSync(incoming).filter((f) => f.endsWith('.jsonl')).sort();
} catch {
  files = [];
}
for (const dir of ['mined', 'frozen']) mkdirSync(join(root, dir), { recursive: true });
let total = 0;
let frozen = 0;
for (const f of files) {
  const lines = readFileSync(join(incoming, f), 'utf8').split('\n').filter((l) => l.trim());
  const out = { mined: [], frozen: [] };
  for (const line of lines) {
    const c = JSON.parse(line);
    const to = isFrozen(c.id) ? 'frozen' : 'mined';
    out[to].push(JSON.stringify(c));
    total += 1;
    if (to === 'frozen') frozen += 1;
  }
  for (const dir of ['mined', 'frozen']) {
    if (out[dir].length) writeFileSync(join(root, dir, f), out[dir].join('\n') + '\n');
  }
  rmSync(join(incoming, f));
}
console.log(`freeze: ${files.length} file(s), ${total} case(s), ${frozen} frozen`);
