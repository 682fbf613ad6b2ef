// www/tools/strip-comments.mjs (a post_build hook): only whole-line comments go, never a line
// inside a template literal, and the built page files still parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripJs, stripHtml } from '../www/tools/strip-comments.mjs';
import { ROOT } from './support/harness.mjs';

test('whole-line comments go; code, trailing comments and template literals stay', () => {
  const src = [
    '// a line comment',
    '/** a block',
    ' * comment */',
    'const a = 1; // trailing stays',
    '  /* one-line block */',
    'const t = `',
    '// inside a template: kept',
    '`;',
    "const u = 'http://x'; /* not alone */ const v = 2;",
  ].join('\n');
  assert.equal(
    stripJs(src),
    ["const a = 1; // trailing stays", 'const t = `', '// inside a template: kept', '`;', "const u = 'http://x'; /* not alone */ const v = 2;"].join('\n'),
  );
  assert.throws(() => stripJs('/* never closed'));
});

test('HTML comments on their own lines go, except inside script, style and textarea', () => {
  const html = '<head>\n  <!-- a\n       b -->\n<meta>\n<textarea>\n<!-- kept -->\n</textarea>\n</head>\n';
  assert.equal(stripHtml(html), '<head>\n<meta>\n<textarea>\n<!-- kept -->\n</textarea>\n</head>\n');
});

test("the page's own scripts keep their code", () => {
  for (const f of ['analysis-client.js', 'worker.js', 'sw.js', 'sw-register.js']) {
    const src = readFileSync(join(ROOT, 'www', f), 'utf8');
    const out = stripJs(src);
    const code = (s) => s.split('\n').filter((l) => !/^\s*(\/\/|\/\*|\*)/.test(l));
    assert.deepEqual(code(out), code(src), f);
  }
});
