import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNotebook, readNotebook } from '../../src/notebook/format/parse.ts';
import { renderNotebookPage } from '../../src/render/page.ts';
import { header, passingReport, SCRIPT } from './fixtures.ts';

const passing = readNotebook(join(import.meta.dirname, '../notebook/run/fixtures/passing.md'));

describe('renderNotebookPage', () => {
  const html = renderNotebookPage(passing, passingReport(), {
    previous: { href: '00-intro.html', title: 'Intro' },
    next: { href: '02-next.html', title: 'Next <chapter>' },
  });

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

  it('lists each skipped cell at the top with its file:line and why, and says why on the cell', () => {
    expect(html).toContain(
      '<div class="skipped-cells"><p>1 cell was skipped in the last run, so what it claims was not ' +
        'verified:</p><ul><li><a href="#cell-3">cell 3</a> <code>01-passing.md:42</code>: not run: an earlier cell ' +
        'failed, at 01-passing.md:29</li></ul></div>',
    );
    expect(html).toMatch(
      new RegExp(
        /id="cell-3"[\s\S]*badge skipped">skipped<\/span> /.source +
          /<span class="why">not run: an earlier cell failed, at 01-passing\.md:29<\/span><\/p>/.source,
      ),
    );
  });

  it('shows a cell marked skip with its reason, its expected output marked unverified, and no run time', () => {
    const skipping = readNotebook(join(import.meta.dirname, '../notebook/run/fixtures/skipping.md'));
    const cell = (index: number, status: 'passed' | 'skipped', extra = {}) => ({
      index,
      location: `skipping.md:${[13, 21, 29][index - 1]}`,
      concepts: [],
      status,
      actual: status === 'passed' ? 'ok\n' : '',
      outputs: [],
      durationMs: 1,
      ...extra,
    });
    const report = {
      ...passingReport(),
      cells: [
        cell(1, 'passed'),
        cell(2, 'skipped', { reason: 'skip', message: 'needs a <registry>' }),
        cell(3, 'passed'),
      ],
      passed: 2,
      failed: 0,
      skipped: 1,
    };
    const page = renderNotebookPage(skipping, report);
    expect(page).toContain(
      '<li><a href="#cell-2">cell 2</a> <code>skipping.md:21</code>: marked skip: needs a &lt;registry&gt;</li>',
    );
    const second = page.slice(page.indexOf('id="cell-2"'), page.indexOf('id="cell-3"'));
    expect(second).toContain('a claim nobody checked');
    expect(second).toContain(
      'badge skipped">skipped</span> <span class="why">marked skip: needs a &lt;registry&gt; (the output shown is ' +
        'the expected one, not verified)</span></p>',
    );
    expect(second).not.toContain(' ran ');
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
    const source =
      `${header('X')}\nSome <b>bold</b> prose.\n\n\`\`\`typescript\n// $ docker ps -a\nx\n\`\`\`\n\n` +
      `\`\`\`output\n${SCRIPT}\n\`\`\`\n\n\`\`\`typescript hide\nsecret()\n\`\`\`\n`;
    const page = renderNotebookPage(parseNotebook(source, 'x.md'), undefined);
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<b>bold');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toMatch(/<pre class="command"><code><span class="prompt">\$ <\/span>docker ps -a<\/code><\/pre>/);
    expect(page).not.toContain('secret');
    expect(page).not.toContain('id="cell-2"');
  });

  it("is a standalone page: lang, viewport, inline style, only its own folder's two scripts", () => {
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<meta name="viewport"');
    expect([...html.matchAll(/src="([^"]*)"/g)].map((m) => m[1])).toEqual(['search-index.js', 'guide.js']);
    expect(html).not.toMatch(/<link\b|https?:\/\//);
  });

  it("lists the notebook's own normalizers, and marks a cell whose output is not compared", () => {
    const source =
      `${header('Own rules').replace(
        '    concepts: []',
        '    concepts: []\n    normalizers:\n      - ' + "pattern: 'tick \\d+'\n        replacement: 'tick <n>'",
      )}\n` + `\`\`\`typescript output="ignore"\nconsole.log(Math.random());\n\`\`\`\n`;
    const notebook = parseNotebook(source, 'own.md');
    expect(notebook.meta.normalizers).toEqual([{ pattern: 'tick \\d+', replacement: 'tick <n>' }]);
    const page = renderNotebookPage(notebook, undefined);
    expect(page).toContain(
      '<ul class="normalizers"><li><code>/tick \\d+/</code> → <code>tick &lt;n&gt;</code></li></ul>',
    );
    expect(page).toContain('output not compared');
    expect(html).not.toContain('output not compared');
  });
});

describe('renderNotebookPage: reading it as a book', () => {
  const source =
    `${header('Header title')}\n# Images <and> containers\n\nIntro.\n\n## First steps\n\nText.\n\n### A detail\n\n` +
    `More.\n\n## First steps\n\n\`\`\`typescript\n// $ docker build -t goals .   → RUN npm install: Using cache\n` +
    `x\n\`\`\`\n`;
  const notebook = parseNotebook(source, 'book.md');
  const page = renderNotebookPage(notebook, undefined, {
    sidebar: '<nav class="sidebar" id="chapters">chapters</nav>',
    downloads: { md: 'notebooks/book.md', ipynb: 'ipynb/book.ipynb' },
  });

  it("shows the notebook's own title once, as the page's only h1", () => {
    expect(page.match(/<h1\b/g)).toHaveLength(1);
    expect(page).toContain('<h1 id="images-and-containers">Images &lt;and&gt; containers <a class="anchor"');
    expect(page).toContain('<title>Images &lt;and&gt; containers</title>');
    expect(page).not.toContain('Header title');
  });

  it('anchors every heading with a unique id and lists the sections, not the cells, on the page', () => {
    expect(page).toContain('<h2 id="first-steps">First steps <a class="anchor" href="#first-steps"');
    expect(page).toContain('<h2 id="first-steps-2">');
    expect(page).toContain('<h3 id="a-detail">');
    const toc = page.slice(page.indexOf('<nav class="toc"'), page.indexOf('</nav>', page.indexOf('<nav class="toc"')));
    expect([...toc.matchAll(/href="#([^"]+)"/g)].map((m) => m[1])).toEqual([
      'first-steps',
      'a-detail',
      'first-steps-2',
    ]);
    expect(toc).not.toContain('cell-1');
  });

  it('shows the docker command first, with its note apart, and the sidebar and downloads it is given', () => {
    expect(page).toContain(
      '<section class="cell is-not-run" id="cell-1">\n<pre class="command"><code><span class="prompt">$ </span>' +
        'docker build -t goals .<span class="note">   → RUN npm install: Using cache</span>',
    );
    expect(page).toContain('<nav class="sidebar" id="chapters">chapters</nav>');
    expect(page).toContain('href="notebooks/book.md" download>');
    expect(page).toContain('href="ipynb/book.ipynb" download>');
  });

  it('marks a cell whose run is stale (the notebook changed since), with why and the command to run it again', () => {
    const run = { ...passingReport(), path: 'notebooks/book.md', passed: 1, failed: 0, skipped: 0 };
    run.cells = [{ ...run.cells[0]!, location: 'notebooks/book.md:7' }];
    const stale = renderNotebookPage(notebook, run);
    expect(stale).toContain('<span class="badge stale-badge">stale</span>');
    expect(stale).toContain(
      'Stale: the notebook changed since this run: the cell was at line 7, it is at line ' +
        `${notebook.cells[0]!.line} now.`,
    );
    expect(stale).toContain('<code>npx dockbook run notebooks/book.md</code>');
    expect(stale).toContain('Stale: 1 cell has moved since the last run: run it again to verify them.');
  });

  it('shows what a failed cell threw with nothing to catch it, as the runner printed it', () => {
    const report = passingReport();
    report.cells[1] = {
      ...report.cells[1]!,
      reason: 'late-error',
      message: 'it threw after it returned',
      diff: undefined,
      lateErrors: [
        { origin: 2, kind: 'unhandled-rejection', thrown: { name: 'Error' } as never, text: 'Error: <late>\n    at x' },
      ],
    };
    const failed = renderNotebookPage(passing, report);
    expect(failed).toContain(
      '<div class="reason"><p>Why it failed: it threw after it returned</p>' +
        '<pre class="failure"><code>Error: &lt;late&gt;',
    );
  });
});

describe('a page on more than one engine', () => {
  const notebook = parseNotebook(
    `${header('Engines')}\`\`\`typescript\nconsole.log('steps');\n\`\`\`\n\n` +
      `\`\`\`output\nStep 1/2 : FROM node\n\`\`\`\n\n` +
      `\`\`\`output engine=podman\nSTEP 1/2: FROM node\n\`\`\`\n`,
    'notebooks/engines.md',
  );
  const report = (engineKind: string, engineReach: 'local' | 'remote', engineVersion: string, failed = 0) => ({
    ...passingReport(),
    path: 'notebooks/engines.md',
    cells: [],
    passed: 1,
    failed,
    skipped: 0,
    engineKind,
    engineReach,
    engineVersion,
  });

  it('says which engines verified the chapter, each with its counts', () => {
    const html = renderNotebookPage(notebook, report('docker', 'local', '20.10.24'), {
      engines: [report('docker', 'local', '20.10.24'), report('podman', 'local', '4.3.1', 1)],
    });
    expect(html).toContain('Verified on:');
    expect(html).toMatch(/✓ Docker Engine 20\.10\.24: 1 passed, 0 failed, 0 skipped/);
    expect(html).toMatch(/✗ Podman 4\.3\.1: 1 passed, 1 failed, 0 skipped/);
  });

  it("shows another engine's expected output under the cell, labelled with the engine", () => {
    const onDocker = renderNotebookPage(notebook, undefined);
    expect(onDocker).toContain('on Podman, expected');
    expect(onDocker).toContain('STEP 1/2: FROM node');
    const onPodman = renderNotebookPage(notebook, {
      ...report('podman', 'local', '4.3.1'),
      cells: [
        {
          index: 1,
          location: 'notebooks/engines.md:12',
          concepts: [],
          status: 'passed',
          actual: 'STEP 1/2: FROM node\n',
          outputs: [],
          durationMs: 1,
        },
      ],
    });
    expect(onPodman).toContain('on Podman 4.3.1');
    expect(onPodman).toContain('on Docker, expected');
    expect(onPodman).not.toContain('on Podman, expected');
  });
});
