import { notebookHeader } from '../support/notebook-header.ts';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NotebookReport } from '../../src/notebook/run/report.ts';

export const SCRIPT = '<script>alert(1)</script>';

/** A valid notebook header with this title and concepts. */
export function header(title: string, concepts: string[] = []): string {
  return notebookHeader(title, concepts);
}

const ESCAPE_NOTEBOOK = `${header('Escaping <outputs>', ['C02'])}
# Escaping <outputs>

Output that looks like *markup* stays text. <b>raw html</b> in prose is escaped too.
Back to [the first chapter](01-passing.md).

## A Dockerfile, highlighted

The kiwifruit image starts from busybox:

\`\`\`dockerfile
FROM busybox
CMD ["echo", "kiwifruit"]
\`\`\`

\`\`\`typescript concept="C02"
// $ docker run busybox echo '<script>'
console.log('${SCRIPT}');
\`\`\`

\`\`\`output
${SCRIPT}
\`\`\`

\`\`\`typescript hide
console.log('test-only cell');
\`\`\`
`;

const README = `# The course

| ID | claim | proved by |
|---|---|---|
| C01 | An image is a \`template\` | … |
| C02 | Output is <text> | … |
`;

/** Where the passing fixture's cells open, as its report names them. */
export const PASSING_LINES = [14, 29, 42];

/** A fake run report for the passing fixture: cell 1 passed, 2 failed, 3 skipped (not run after the failure). */
export function passingReport(): NotebookReport {
  const cell = (index: number, status: 'passed' | 'failed' | 'skipped', actual: string) => ({
    index,
    location: `01-passing.md:${PASSING_LINES[index - 1]}`,
    concepts: [],
    status,
    actual,
    outputs: [],
    durationMs: 5,
  });
  return {
    path: '01-passing.md',
    title: 'Passes',
    cells: [
      cell(1, 'passed', 'hello\n[exit 0]\n'),
      {
        ...cell(2, 'failed', 'id <none> & co\n'),
        reason: 'output',
        message: 'its output differs from the expected block',
        diff: '--- expected (from the notebook)\n+++ actual (from the engine)',
      },
      { ...cell(3, 'skipped', ''), reason: 'earlier-failure', message: 'an earlier cell failed' },
    ],
    passed: 1,
    failed: 1,
    skipped: 1,
    durationMs: 15,
    engineVersion: '20.10.24+dfsg1',
    startedAt: '2026-11-22T08:00:00.000Z',
  };
}

/** A temp course: the passing fixture with a report, a notebook whose output is a script (no report), a README. */
export function fixtureCourse(): { notebooksDir: string; reportsDir: string; outDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'dockbook-render-'));
  const notebooksDir = join(root, 'notebooks');
  const reportsDir = join(root, 'reports');
  mkdirSync(notebooksDir);
  mkdirSync(reportsDir);
  copyFileSync(join(import.meta.dirname, '../notebook/run/fixtures/passing.md'), join(notebooksDir, '01-passing.md'));
  writeFileSync(join(notebooksDir, '02-escape.md'), ESCAPE_NOTEBOOK);
  writeFileSync(join(notebooksDir, 'README.md'), README);
  writeFileSync(join(reportsDir, '01-passing.json'), JSON.stringify(passingReport()));
  return { notebooksDir, reportsDir, outDir: join(root, 'site') };
}
