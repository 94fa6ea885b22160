import type { InfoOption } from './info.ts';
import type { CellOptions } from './types.ts';

/** The options a code cell's fence may carry, in the order they are written back. */
export const CELL_OPTION_KEYS = ['concept', 'timeout', 'skip', 'raises', 'hide', 'output'] as const;

/** A concept ID as `concepts.md` numbers them: C and two digits. */
export const CONCEPT_ID = /^C\d{2}$/;

type Fail = (problem: string) => never;

/**
 * Checks a cell's `key=value` options and turns them into CellOptions: `concept` (one ID, a
 * comma-separated string or a JSON array), `timeout` (seconds), `skip` (bare, a boolean or a
 * reason), `raises` (an error code or `/regex/flags`), `hide` (bare or a boolean), `output`
 * (only `ignore`: the cell's output is not part of its claim).
 *
 * @example
 * cellOptions(readInfoOptions('concept="C01,C02" skip', fail), fail);
 * // { concepts: ['C01', 'C02'], skip: true }
 */
export function cellOptions(options: InfoOption[], fail: Fail): CellOptions {
  const result: CellOptions = { concepts: [] };
  const seen = new Set<string>();
  for (const { key, value, text } of options) {
    if (seen.has(key)) fail(`the option ${key} is given twice: keep one`);
    seen.add(key);
    const shown = text === '' ? `a bare ${key}` : text;
    if (key === 'concept') result.concepts = concepts(value, shown, fail);
    else if (key === 'timeout') {
      if (typeof value !== 'number' || !(value > 0))
        fail(`timeout must be a number of seconds, e.g. timeout=60 (got ${shown})`);
      result.timeout = value;
    } else if (key === 'skip') {
      if (value !== null && typeof value !== 'boolean' && !(typeof value === 'string' && value.trim() !== '')) {
        fail(`skip must be bare, true/false or a reason, e.g. skip="needs a registry" (got ${shown})`);
      }
      result.skip = value ?? true;
    } else if (key === 'raises') result.raises = raises(value, shown, fail);
    else if (key === 'hide') {
      if (value !== null && typeof value !== 'boolean')
        fail(`hide must be bare or true/false, e.g. hide=true (got ${shown})`);
      result.hide = value ?? true;
    } else if (key === 'output') {
      if (value !== 'ignore')
        fail(
          `output takes one value, ignore: output="ignore" says the cell's output is not part of its claim ` +
            `(got ${shown})`,
        );
      result.ignoreOutput = true;
    } else {
      fail(
        `unknown cell option "${key}": the options are ${CELL_OPTION_KEYS.join(', ')} (e.g. concept="C12" timeout=60 ` +
          `skip raises="NOT_FOUND" hide output="ignore")`,
      );
    }
  }
  return result;
}

/**
 * The options as Jupyter cell metadata, as Jupytext would read them from the fence: one concept
 * as a string, several as an array; only the options that are set.
 *
 * @example
 * optionsMetadata({ concepts: ['C12'], timeout: 60 }); // { concept: 'C12', timeout: 60 }
 */
export function optionsMetadata(options: CellOptions): Record<string, unknown> {
  const { concepts: ids, timeout, skip, raises: error, hide, ignoreOutput } = options;
  const metadata: Record<string, unknown> = {};
  if (ids.length > 0) metadata.concept = ids.length === 1 ? ids[0] : ids;
  if (timeout !== undefined) metadata.timeout = timeout;
  if (skip !== undefined) metadata.skip = skip;
  if (error !== undefined) metadata.raises = error;
  if (hide !== undefined) metadata.hide = hide;
  if (ignoreOutput) metadata.output = 'ignore';
  return metadata;
}

function concepts(value: unknown, shown: string, fail: Fail): string[] {
  const ids = typeof value === 'string' ? value.split(',').map((id) => id.trim()) : value;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
    return fail(
      `concept must name concept IDs, e.g. concept="C12", concept="C01,C02" or concept=["C01","C02"] (got ${shown})`,
    );
  }
  const wrong = ids.find((id) => !CONCEPT_ID.test(id));
  if (wrong !== undefined)
    fail(`"${wrong}" is not a concept ID: IDs are C and two digits, as concepts.md numbers them (e.g. concept="C07")`);
  return ids;
}

function raises(value: unknown, shown: string, fail: Fail): string {
  const usage =
    `raises must be an error code or a /regex/ over the error text, e.g. raises="NOT_FOUND" or raises="/no such ` +
    `image/i" (got ${shown})`;
  if (typeof value !== 'string') return fail(usage);
  const regex = /^\/(.+)\/([a-z]*)$/.exec(value);
  if (regex) {
    try {
      new RegExp(regex[1]!, regex[2]);
    } catch (error) {
      fail(`raises="${value}" is not a valid regex (${(error as Error).message})`);
    }
  } else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) fail(usage);
  return value;
}
