import { parseDocument, type Document } from 'yaml';
import type { Lines } from './lines.ts';
import { CONCEPT_ID } from './options.ts';
import { NotebookSyntaxError, type NotebookMeta } from './types.ts';

const FENCE = /^(\uFEFF)?---[ \t]*$/;
const KERNELSPEC =
  'jupyter.kernelspec must be name: dockbook, display_name: TypeScript (dockbook), language: typescript (the kernel ' +
  'installKernelSpec installs)';
const EXAMPLE =
  '---\njupyter:\n  kernelspec:\n    name: dockbook\n    display_name: TypeScript (dockbook)\n' +
  '    language: typescript\n  dockbook:\n    title: Images\n    concepts: [C01]\n---';

/**
 * Reads a notebook's YAML header: Jupytext's `jupyter:` section, with the kernelspec and
 * dockbook's own keys under `jupyter.dockbook` (Jupytext keeps them as notebook metadata).
 * Returns the metadata and the 0-based line where the body starts.
 *
 * @example
 * parseHeader(splitLines('---\njupyter:\n  kernelspec: …\n  dockbook:\n    title: Images\n---\n# Images\n'), 'a.md');
 * // { meta: { title: 'Images', concepts: [], normalizers: [], raw: { jupyter: … } }, body: 6 }
 */
export function parseHeader(lines: Lines, file: string): { meta: NotebookMeta; body: number } {
  if (!FENCE.test(lines.text[0]!))
    throw new NotebookSyntaxError(file, 1, `missing the YAML header: start the file with it, e.g.\n${EXAMPLE}`);
  const close = lines.text.findIndex((line, i) => i > 0 && /^---[ \t]*$/.test(line));
  if (close < 0)
    throw new NotebookSyntaxError(file, 1, 'the YAML header opened here is never closed: add a line --- after it');
  const text = lines.text.slice(1, close).join('\n');
  const doc = parseDocument(text);
  const fail = (path: Array<string | number>, problem: string): never => {
    throw new NotebookSyntaxError(file, 2 + lineOf(doc, text, path), problem);
  };
  const error = doc.errors[0];
  if (error)
    throw new NotebookSyntaxError(
      file,
      1 + (error.linePos?.[0].line ?? 1),
      `the YAML header is not valid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  const raw: unknown = doc.toJS();
  if (!isRecord(raw) || !isRecord(raw.jupyter))
    return fail([], `the YAML header needs a jupyter: section, e.g.\n${EXAMPLE}`);
  const outside = Object.keys(raw).find((key) => key !== 'jupyter');
  if (outside)
    fail(
      [outside],
      `move "${outside}" under jupyter: (Jupytext turns keys outside jupyter: into a raw cell); dockbook's own keys ` +
        `go under jupyter.dockbook`,
    );
  const { kernelspec, dockbook } = raw.jupyter;
  const wrong = wrongKernelKey(kernelspec);
  if (wrong !== undefined) fail(['jupyter', 'kernelspec', ...(wrong ? [wrong] : [])], KERNELSPEC);
  if (!isRecord(dockbook) || typeof dockbook.title !== 'string' || dockbook.title.trim() === '') {
    return fail(
      ['jupyter', 'dockbook', 'title'],
      'jupyter.dockbook.title must name the notebook, e.g. title: Images and containers',
    );
  }
  return {
    meta: {
      title: dockbook.title,
      concepts: concepts(dockbook.concepts, fail),
      normalizers: normalizers(dockbook.normalizers, fail),
      raw,
    },
    body: close + 1,
  };
}

/** The kernelspec key that is wrong (`''` when there is no kernelspec), or undefined when it is right. */
function wrongKernelKey(kernelspec: unknown): string | undefined {
  if (!isRecord(kernelspec)) return '';
  if (kernelspec.name !== 'dockbook') return 'name';
  if (kernelspec.language !== 'typescript') return 'language';
  return typeof kernelspec.display_name === 'string' ? undefined : 'display_name';
}

type Fail = (path: Array<string | number>, problem: string) => never;

function concepts(value: unknown, fail: Fail): string[] {
  const path = ['jupyter', 'dockbook', 'concepts'];
  if (value === undefined) return [];
  if (!Array.isArray(value))
    return fail(path, 'jupyter.dockbook.concepts must be a list of concept IDs, e.g. concepts: [C01, C02]');
  value.forEach((id, i) => {
    if (typeof id !== 'string' || !CONCEPT_ID.test(id))
      fail(
        [...path, i],
        `"${String(id)}" is not a concept ID: IDs are C and two digits, as concepts.md numbers them (e.g. C07)`,
      );
  });
  return value as string[];
}

function normalizers(value: unknown, fail: Fail): NotebookMeta['normalizers'] {
  const path = ['jupyter', 'dockbook', 'normalizers'];
  if (value === undefined) return [];
  const usage = 'each normalizer is { pattern: <regex source>, flags: <optional, e.g. gi>, replacement: <text> }';
  if (!Array.isArray(value)) return fail(path, `jupyter.dockbook.normalizers must be a list: ${usage}`);
  return value.map((entry: unknown, i) => {
    const { pattern, flags, replacement } = isRecord(entry) ? entry : {};
    if (
      typeof pattern !== 'string' ||
      typeof replacement !== 'string' ||
      (flags !== undefined && typeof flags !== 'string')
    ) {
      return fail([...path, i], `normalizer ${i + 1}: ${usage}`);
    }
    try {
      new RegExp(pattern, flags);
    } catch (error) {
      fail(
        [...path, i, 'pattern'],
        `normalizer ${i + 1}: the pattern is not a valid regex (${(error as Error).message})`,
      );
    }
    return flags === undefined ? { pattern, replacement } : { pattern, flags, replacement };
  });
}

/** The 0-based line (within the header) of the node at `path`, or of its nearest parent there. */
function lineOf(doc: Document, text: string, path: Array<string | number>): number {
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return text.slice(0, node.range[0]).split('\n').length - 1;
  }
  return 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
