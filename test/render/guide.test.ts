import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DURATION_FACTOR, DURATION_SLACK_S, SIZE_FACTOR } from '../../src/notebook/verify/magnitude.ts';
import { VALUE_KINDS } from '../../src/notebook/verify/normalizers.ts';
import { renderGuide } from '../../src/render/guide.ts';
import { fixtureCourse, passingReport } from './fixtures.ts';

describe('renderGuide', () => {
  const course = fixtureCourse();
  const result = renderGuide(course);
  const read = (name: string) => readFileSync(join(course.outDir, name), 'utf8');

  it('writes the index and one page per notebook, in course order', () => {
    expect(result.pages.map((p) => p.slice(course.outDir.length + 1))).toEqual([
      'index.html',
      '01-passing.html',
      '02-escape.html',
      'judging.html',
    ]);
    expect(String(result)).toBe(`rendered 4 pages into ${course.outDir}`);
  });

  it("states how outputs are compared, from the matcher's own tables, and links every page to it", () => {
    const judging = read('judging.html');
    for (const kind of VALUE_KINDS) expect(judging).toContain(`<td>${kind.name}</td>`);
    expect(judging).toContain(`within ×${SIZE_FACTOR} of the expected size`);
    expect(judging).toContain(`within ${DURATION_SLACK_S} s or ×${DURATION_FACTOR} of the expected duration`);
    expect(judging).toContain('never for a line that tells of a failure');
    for (const page of ['index.html', '01-passing.html', '02-escape.html'])
      expect(read(page)).toContain('href="judging.html"');
  });

  it("shows why a failed cell failed: the runner's message and diff", () => {
    const page = read('01-passing.html');
    expect(page).toContain(
      '<div class="reason"><p>Why it failed: its output differs from the expected block</p><pre class="failure">' +
        '<code><span class="hljs-comment">--- expected (from the notebook)</span>',
    );
  });

  it('lists the chapters with their status and links each concept to its cell', () => {
    const index = read('index.html');
    expect(index).toMatch(/href="01-passing.html">Passes<\/a> — C01 <span class="badge failed">/);
    expect(index).toContain('href="02-escape.html">Escaping &lt;outputs&gt;</a> — C02 <span class="badge not-run">');
    expect(index).toContain('<code>template</code>');
    expect(index).toContain('Output is &lt;text&gt;');
    expect(index).toContain('href="01-passing.html#cell-1"');
    expect(index).toContain('href="02-escape.html#cell-1"');
  });

  it('lists every skipped cell of the last runs on the index, with its file:line and why, linked to the cell', () => {
    const index = read('index.html');
    expect(index).toMatch(
      new RegExp(
        /href="01-passing.html">Passes<\/a> — C01 <span class="badge failed">failed<\/span> /.source +
          /<span class="badge skipped">1 skipped<\/span>/.source,
      ),
    );
    expect(index).toContain('<h2 id="skipped-cells">Skipped cells');
    expect(index).toContain(
      '<li><a href="01-passing.html#cell-3">Passes, cell 3</a> <code>01-passing.md:42</code>: not run: an earlier ' +
        'cell failed, at 01-passing.md:29</li>',
    );
    expect(read('01-passing.html')).toContain(
      '<a href="#cell-3">cell 3</a> <code>01-passing.md:42</code>: not run: an earlier cell failed',
    );
  });

  it('makes every relative link land on a file that exists and an id in it', () => {
    for (const page of result.pages) {
      const html = readFileSync(page, 'utf8');
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
        const [file, fragment] = href!.split('#');
        const target = file ? join(course.outDir, file) : page;
        expect(existsSync(target), `${page}: ${href}`).toBe(true);
        if (fragment) expect(readFileSync(target, 'utf8'), `${page}: ${href}`).toContain(`id="${fragment}"`);
      }
    }
  });

  it("highlights prose's fenced code at render time and labels its language", () => {
    expect(read('02-escape.html')).toContain(
      '<pre data-lang="Dockerfile"><code class="language-dockerfile"><span class="hljs-keyword">FROM</span> busybox',
    );
  });

  it('chains the pages with previous and next, and rewrites links to chapters', () => {
    expect(read('01-passing.html')).toContain('rel="next" href="02-escape.html"');
    expect(read('02-escape.html')).toContain('rel="prev" href="01-passing.html"');
    expect(read('02-escape.html')).toContain('<a href="01-passing.html">the first chapter</a>');
  });

  it("shows each concept's status from the last run", () => {
    const index = read('index.html');
    expect(index).toMatch(
      /<tr id="C01">.*<span class="badge passed">proven<\/span>.*01-passing cell 1<\/a> \(passed\)/,
    );
    expect(index).toMatch(/<tr id="C02">.*<span class="badge not-run">not run<\/span>/);
  });

  it('writes each notebook beside the guide as .md and .ipynb, and links them from its page', () => {
    expect(read('notebooks/01-passing.md')).toBe(readFileSync(join(course.notebooksDir, '01-passing.md'), 'utf8'));
    expect(JSON.parse(read('ipynb/02-escape.ipynb'))).toMatchObject({ nbformat: 4, nbformat_minor: 5 });
    expect(read('01-passing.html')).toContain('href="notebooks/01-passing.md" download');
    expect(read('01-passing.html')).toContain('href="ipynb/01-passing.ipynb" download');
  });

  it('puts the chapter sidebar on every page, the current one marked', () => {
    for (const page of result.pages) expect(readFileSync(page, 'utf8')).toContain('<nav class="sidebar" id="chapters"');
    expect(read('02-escape.html')).toContain('<a href="02-escape.html" aria-current="page">');
  });

  it('indexes prose by section and each cell with its output, as a script pages load from file://', () => {
    const script = read('search-index.js');
    expect(script).toMatch(/^window\.DOCKBOOK_SEARCH = \[/);
    const entries = JSON.parse(script.slice(script.indexOf('['), script.lastIndexOf(']') + 1)) as Array<
      Record<string, string>
    >;
    expect(entries).toContainEqual(
      expect.objectContaining({
        p: '02-escape.html',
        a: 'a-dockerfile-highlighted',
        x: expect.stringContaining('kiwifruit'),
      }),
    );
    const failed = entries.find((e) => e.p === '01-passing.html' && e.a === 'cell-2')!;
    expect(failed.x).toContain('id <none> & co');
    expect(failed.x).toContain('its output differs from the expected block');
    expect(script).not.toContain('<script>');
    expect(read('guide.js')).toContain('DOCKBOOK_SEARCH');
  });

  it('marks a chapter whose notebook changed since its last run stale, on the index and in the sidebar', () => {
    const moved = fixtureCourse();
    const report = passingReport();
    report.cells[0] = { ...report.cells[0]!, location: '01-passing.md:3' };
    writeFileSync(join(moved.reportsDir, '01-passing.json'), JSON.stringify(report));
    renderGuide(moved);
    const index = readFileSync(join(moved.outDir, 'index.html'), 'utf8');
    const badge =
      '<span class="badge stale-badge" title="1 cell has moved since the last run: run it again to verify them">';
    expect(index).toContain(
      `<span class="badge failed">failed</span> <span class="badge skipped">1 skipped</span> ${badge}`,
    );
    expect(index).toMatch(/<tr id="C01">.*<span class="badge stale-badge">stale<\/span>/);
    const sidebar = readFileSync(join(moved.outDir, '02-escape.html'), 'utf8');
    expect(sidebar).toContain(`✗</span> ${badge}stale</span></li>`);
  });
});
