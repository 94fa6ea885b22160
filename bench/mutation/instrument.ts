import type { CodeCell } from '../../src/notebook/format/types.ts';
import { checkCalls } from './check-mutants.ts';
import type { CheckMutant, Edit, Variant } from './types.ts';

/**
 * Runs first in an instrumented notebook's kernel: `dbMutantCheck(variants)` is a `check` that
 * runs each call as written (a failure fails the cell as before) and then, on the same argument
 * values, each variant of it, noting for each variant whether it threw. So one run of the
 * notebook shows which changed checks would fail their cell (mutant schemata).
 */
export const PREAMBLE =
  `
import { check as dbRealCheck } from 'dockbook';
import type { Check as DbCheckType } from 'dockbook';
const dbMutantRuns: Record<string, { ran: number; threw: number; error?: string }> = {};
function dbMutantArgs(v: any, args: any[]): any[] {
  const a = [...args];
  if (v.negate) a[0] = !a[0];
  if (v.arg !== undefined && v.value !== undefined) a[v.arg] = v.value;
  if (v.replace) {
    const s = String(a[v.arg]);
    if (s.slice(v.at, v.at + v.replace[0].length) !== v.replace[0]) throw Object.assign(new Error('the fragment is ` +
  `not where the source has it'), { name: 'MutantMismatch' });
    a[v.arg] = s.slice(0, v.at) + v.replace[1] + s.slice(v.at + v.replace[0].length);
  }
  if (v.regex) a[v.arg] = new RegExp(v.regex[0], v.regex[1]);
  if (v.times !== undefined) a[v.arg] = a[v.arg] * v.times;
  if (v.range) {
    const [lo, hi] = [a[1], a[2]];
    [a[1], a[2]] = v.range === 'above' ? [hi, hi + (hi - lo)] : [lo - (hi - lo), lo];
  }
  return a;
}
function dbMutantNote(id: string, error: unknown): void {
  const run = (dbMutantRuns[id] = dbMutantRuns[id] || { ran: 0, threw: 0 });
  run.ran++;
  if (error === undefined) return;
  run.threw++;
  const e: any = error;
  run.error = run.error || (e && e.name ? e.name : 'thrown') + ': ' + String(e && e.message !== undefined ? ` +
  `e.message : e).split('\\n')[0];
}
function dbMutantCheck(variants: any[]): DbCheckType {
  const real: any = dbRealCheck;
  const wrapped: any = {};
  for (const name of Object.keys(real)) {
    wrapped[name] = (...args: any[]) => {
      const result = real[name](...args);
      if (name !== 'rejects') {
        for (const v of variants) {
          let error: unknown;
          try { real[v.method || name](...dbMutantArgs(v, args)); } catch (e) { error = e === undefined ? 'thrown' : ` +
  `e; }
          dbMutantNote(v.id, error);
        }
        return result;
      }
      return result.then(async (thrown: unknown) => {
        for (const v of variants) {
          let error: unknown;
          try { const a = dbMutantArgs(v, args); a[0] = Promise.reject(thrown); await real.rejects(...a); } catch ` +
  `(e) { error = e === undefined ? 'thrown' : e; }
          dbMutantNote(v.id, error);
        }
        return thrown;
      });
    };
  }
  return wrapped;
}
`;

/** Runs last: prints what every variant did, as JSON on one line. */
export const EPILOGUE = 'console.log(JSON.stringify(dbMutantRuns));';

/** What the kernel noted for one variant: how often it ran, how often it threw, and the first error. */
export interface VariantRun {
  ran: number;
  threw: number;
  error?: string;
}

/**
 * A cell's code with each check call that has mutants calling an instrumented `check` of its own
 * (declared, with its variants, at the top of the cell, typed as `Check` so that `check.ok`
 * still narrows). The cell prints and does exactly what it did.
 */
export function instrumentCell(cell: CodeCell, mutants: readonly CheckMutant[]): CodeCell {
  const byCall = new Map<string, Variant[]>();
  for (const m of mutants) if (m.cell === cell.index) byCall.set(m.call, [...(byCall.get(m.call) ?? []), m.variant]);
  if (byCall.size === 0) return cell;
  const { sf, calls } = checkCalls(cell.code);
  const edits: Edit[] = [];
  const declarations: string[] = [];
  calls.forEach((call, n) => {
    const variants = byCall.get(`c${cell.index}_${n}`);
    if (!variants) return;
    const name = `dbm_c${cell.index}_${n}`;
    declarations.push(`const ${name}: DbCheckType = dbMutantCheck(${JSON.stringify(variants)});`);
    edits.push({ start: call.callee.getStart(sf), end: call.callee.end, text: name });
  });
  return { ...cell, code: `${declarations.join('\n')}\n${applyEdits(cell.code, edits)}` };
}

/** The text with the edits made (they must not overlap). */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  return [...edits]
    .sort((a, b) => b.start - a.start)
    .reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}
