import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNotebooks } from '../../src/notebook/find.ts';
import { readNotebook } from '../../src/notebook/format/parse.ts';
import {
  COURSE_CONCEPTS,
  conceptCells,
  courseReadme,
  readClaims,
  REQUIRED_CONCEPTS as REQUIRED,
} from '../../src/notebook/concepts/concepts.ts';
import { packageRoot } from '../../src/paths.ts';

const notebooks = findNotebooks().map((file) => readNotebook(file));
const readmePath = join(packageRoot, 'notebooks', 'README.md');

describe('the concept index', () => {
  it('names no unknown concept in any cell', () => {
    const unknown = [...conceptCells(notebooks).keys()].filter((id) => !COURSE_CONCEPTS.includes(id));
    expect(unknown).toEqual([]);
  });

  it('gives every required concept at least one cell', () => {
    const cells = conceptCells(notebooks);
    expect(REQUIRED.filter((id) => !cells.has(id))).toEqual([]);
  });

  it('is current: notebooks/README.md is what `dockbook index` writes from the notebooks', () => {
    const readme = readFileSync(readmePath, 'utf8');
    const claims = readClaims(readme);
    expect([...claims.keys()]).toEqual(COURSE_CONCEPTS);
    expect(readme).toBe(courseReadme(notebooks, claims));
  });
});
