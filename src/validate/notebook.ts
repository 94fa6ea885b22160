import { arrayOf, hasFields, nonEmptyString, objectOf, oneOf, shape, string } from './shape.ts';

// Shapes of the notebook values the public notebook functions take: parsed notebooks, cell
// outputs, normalizers. They look at what the function reads (a nested value is checked by the
// code that walks it), so checking one stays linear in the number of items and cheap per cell.

/** A notebook's own normalizer, as its front matter declares it. */
export const normalizer = objectOf(
  { pattern: string, flags: string, replacement: string },
  'a normalizer { pattern, flags?, replacement }',
  ['pattern', 'replacement'],
);

/** A notebook's normalizers (`notebook.meta.normalizers`). */
export const normalizers = arrayOf(
  normalizer,
  'an array of normalizers [{ pattern: "\\\\d+ tries", replacement: "<n> tries" }]',
);

/** One output of a cell, as the kernel recorded it (its type is checked; the rest is read as it is). */
export const cellOutput = hasFields(
  { type: oneOf('stream', 'display_data', 'execute_result', 'error') },
  'a cell output { type: "stream", name, text }',
);

/** A cell's outputs (`CellResult.outputs`). */
export const cellOutputs = arrayOf(cellOutput, 'an array of cell outputs [{ type: "stream", name: "stdout", text }]');

/** A set of this run's session ids. */
export const sessionIds = shape('a Set of session ids', (v) => v instanceof Set);

/** A parsed notebook, as parseNotebook() or readNotebook() gives it. */
export const notebook = hasFields(
  {
    path: string,
    source: string,
    cells: arrayOf(
      shape('a code cell', (v) => v !== null && typeof v === 'object'),
      'an array of code cells',
    ),
    blocks: shape('an array of blocks', Array.isArray),
    meta: shape("the notebook's meta", (v) => v !== null && typeof v === 'object'),
  },
  'a Notebook (readNotebook(path))',
);

/** A notebook that parses nothing, for signatures' examples. */
export const EXAMPLE_NOTEBOOK = {
  path: 'notebooks/00-example.md',
  source: '',
  meta: { title: 'Example', concepts: [], normalizers: [], raw: { jupyter: {} } },
  blocks: [],
  cells: [],
};

/** New expected outputs by cell index (1-based): `new Map([[2, 'hello\n']])`. */
export const outputsByCell = shape(
  'a Map of cell index → output text (new Map([[2, "hello\\n"]]))',
  (v) => v instanceof Map && [...v].every(([k, t]) => Number.isInteger(k) && k >= 1 && typeof t === 'string'),
);

/** A path to a notebook file. */
export const notebookPath = nonEmptyString;

/** The options of the kernel's command (KernelCommandOptions). */
export const KERNEL_COMMAND_OPTIONS = {
  node: nonEmptyString,
  nodeArgs: arrayOf(string, 'an array of Node.js options ["--cpu-prof"]'),
  tslabBin: nonEmptyString,
};
