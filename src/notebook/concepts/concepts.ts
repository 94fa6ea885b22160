import type { Notebook } from '../format/types.ts';

/** The concepts of the catalogue (`concepts.md`): C01–C60. */
export const COURSE_CONCEPTS: readonly string[] = Array.from(
  { length: 60 },
  (_, i) => `C${String(i + 1).padStart(2, '0')}`,
);

/** The concepts the notebooks must prove: every one of the catalogue. */
export const REQUIRED_CONCEPTS: readonly string[] = COURSE_CONCEPTS;

/** A cell that names a concept: where it is. */
export interface ConceptCell {
  notebook: string;
  cell: number;
  line: number;
}

/** Every concept the notebooks name, with the cells that name it. */
export function conceptCells(notebooks: Notebook[]): Map<string, ConceptCell[]> {
  const found = new Map<string, ConceptCell[]>();
  for (const notebook of notebooks) {
    for (const cell of notebook.cells) {
      for (const id of cell.options.concepts) {
        const entry = { notebook: notebook.path.split('/').pop()!, cell: cell.index, line: cell.line };
        found.set(id, [...(found.get(id) ?? []), entry]);
      }
    }
  }
  return found;
}

/** The claims of the concept catalogue: `| C01 | claim | … |` rows of a Markdown table. */
export function readClaims(catalogue: string): Map<string, string> {
  const claims = new Map<string, string>();
  for (const match of catalogue.matchAll(/^\|\s*(C\d{2})\s*\|\s*([^|]+?)\s*\|/gm)) claims.set(match[1]!, match[2]!);
  return claims;
}

/**
 * The concept index as a Markdown table: each concept, its claim, and the cells that prove it
 * (linked to the notebook and its line).
 */
export function conceptIndex(notebooks: Notebook[], claims: Map<string, string>): string {
  const cells = conceptCells(notebooks);
  const rows = [...claims.keys()].sort().map((id) => {
    const where = (cells.get(id) ?? [])
      .map((c) => `[${c.notebook} cell ${c.cell}](${c.notebook}#L${c.line})`)
      .join(', ');
    return `| ${id} | ${claims.get(id)} | ${where || 'not yet proven'} |`;
  });
  return ['| ID | claim | proved by |', '|---|---|---|', ...rows].join('\n');
}

/**
 * The whole `notebooks/README.md`: the chapters, in order, then the concept index. Generated,
 * so that it can be checked against the notebooks (`dockbook index` writes it).
 */
export function courseReadme(notebooks: Notebook[], claims: Map<string, string>): string {
  const chapters = notebooks.map((n) => {
    const file = n.path.split('/').pop()!;
    return `- [${n.meta.title}](${file}) — ${n.meta.concepts.join(', ') || 'no concepts'}`;
  });
  return [
    '# The course',
    '',
    'Each notebook is a chapter of the course. Every cell runs against a real Docker engine and',
    'asserts what the text claims; `npx dockbook run` verifies them all, and `npx dockbook index`',
    'rewrites this page from the notebooks.',
    '',
    ...chapters,
    '',
    '## Concept index',
    '',
    conceptIndex(notebooks, claims),
    '',
  ].join('\n');
}
