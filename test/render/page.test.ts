import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotebook, readNotebook } from '../../src/notebook/format/parse.ts';
import { renderNotebookPage } from '../../src/render/page.ts';
import { header, passingReport, SCRIPT } from './fixtures.ts';

const passing = readNotebook(join(import.meta.dirname, '../notebook/run/fixtures/passing.md'));

describe('renderNotebookPage', () => {
  const html = renderNotebookPage(passing, passingReport(), { previous: { href: '00-intro.html', title: 'Intro' }, next: { href: '02-next.html', title: 'Next <chapter>' } });

  it('gives every shown cell an id, in the table of contents too', () => {
    for (const n of [1, 2, 3]) {
      expect(html).toContain(`id="cell-${n}"`);
      expect(html).toContain(`href="#cell-${n}"`);
    }
  });

  it('leaves out lines marked // hide, and keeps the rest of the cell', () => {
    expect(passing.cells[0]!.code).toContain('the container exits cleanly');
    expect(html).not.toContain('the container exits cleanly');
    expect(html).toContain('echo hello');
  });

  it("shows each cell's reported output, status, run time and engine, escaped", () => {
    expect(html).toContain('hello\n[exit 0]');
    expect(html).toContain('id &lt;none&gt; &amp; co');
    expect(html).toMatch(/badge passed">passed<.*2026-11-22T08:00:00.000Z on Docker Engine 20\.10\.24\+dfsg1/);
    expect(html).toContain('badge failed">failed<');
    expect(html).toContain('badge skipped">skipped<');
  });

  it('links previous, next and the index, escaping titles', () => {
    expect(html).toContain('href="00-intro.html"');
    expect(html).toContain('href="02-next.html">Next &lt;chapter&gt; →');
    expect(html).toContain('href="index.html"');
  });

  it('falls back to the expected output, marked not run, when there is no report', () => {
    const page = renderNotebookPage(passing, undefined);
    expect(page).toContain('badge not-run">not run<');
    expect(page).toContain('hello\n[exit 0]');
  });

  it('escapes outputs and raw HTML in prose, shows mirrored commands, and hides hide cells', () => {
    const source = `${header('X')}\nSome <b>bold</b> prose.\n\n\`\`\`typescript\n// $ docker ps -a\nx\n\`\`\`\n\n\`\`\`output\n${SCRIPT}\n\`\`\`\n\n\`\`\`typescript hide\nsecret()\n\`\`\`\n`;
    const page = renderNotebookPage(parseNotebook(source, 'x.md'), undefined);
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>bold');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('mirrors: <code>docker ps -a</code>');
    expect(page).not.toContain('secret');
    expect(page).not.toContain('id="cell-2"');
  });

  it('is a standalone page: viewport, inline style, no external resources', () => {
    expect(html).toContain('<meta name="viewport"');
    expect(html).not.toMatch(/<(script|link)\b|src=|https?:\/\//);
  });
});
