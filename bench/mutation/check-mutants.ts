import ts from 'typescript';
import type { Notebook } from '../../src/notebook/format/types.ts';
import { literalChange, regexChange, type ArgChange } from './literals.ts';
import { shownPath } from './output-mutants.ts';
import type { CheckClass, CheckMutant } from './types.ts';

/** The methods whose opposite is another method with the same arguments. */
const OPPOSITE: Record<string, string> = {
  equal: 'notEqual',
  notEqual: 'equal',
  includes: 'notIncludes',
  notIncludes: 'includes',
  lessThan: 'greaterThan',
  greaterThan: 'lessThan',
};

/** A check call in a cell's code: `check.<method>(…)`. */
export interface CheckCall {
  node: ts.CallExpression;
  method: string;
  /** Where `check` is written, to call another object in its place. */
  callee: ts.Identifier;
  line: number;
  inTry: boolean;
}

/** The `check.<method>(…)` calls of a cell's code, in source order. */
export function checkCalls(code: string): { sf: ts.SourceFile; calls: CheckCall[] } {
  const sf = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const calls: CheckCall[] = [];
  const visit = (node: ts.Node, inTry: boolean): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === 'check'
    ) {
      calls.push({
        node,
        method: node.expression.name.text,
        callee: node.expression.expression,
        line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line,
        inTry,
      });
    }
    if (ts.isTryStatement(node)) {
      visit(node.tryBlock, true);
      if (node.catchClause) visit(node.catchClause, inTry);
      if (node.finallyBlock) visit(node.finallyBlock, inTry);
      return;
    }
    node.forEachChild((child) => visit(child, inTry));
  };
  visit(sf, false);
  return { sf, calls };
}

/** The mutants of one call: each a class, and how it runs and is written. */
function callChanges(call: CheckCall, sf: ts.SourceFile): Array<ArgChange & { class: CheckClass }> {
  const { node, method } = call;
  const args = node.arguments;
  const text = (i: number) => args[i]!.getText(sf);
  const span = (i: number, to: string) => ({ start: args[i]!.getStart(sf), end: args[i]!.end, text: to });
  const name = node.expression as ts.PropertyAccessExpression;
  const changes: Array<ArgChange & { class: CheckClass }> = [];
  const add = (cls: CheckClass, change: ArgChange | undefined) => change && changes.push({ ...change, class: cls });
  if (method === 'ok' && args.length >= 1)
    add('check-negated', {
      what: `check.ok(${text(0)}) negated`,
      variant: { negate: true },
      edits: [span(0, `!(${text(0)})`)],
    });
  const opposite = OPPOSITE[method];
  if (opposite) {
    const cls = method === 'lessThan' || method === 'greaterThan' ? 'check-bound' : 'check-negated';
    add(cls, {
      what: `check.${method} → check.${opposite}`,
      variant: { method: opposite },
      edits: [{ start: name.name.getStart(sf), end: name.name.end, text: opposite }],
    });
  }
  if (['equal', 'notEqual', 'includes', 'notIncludes'].includes(method) && args.length >= 2)
    add(
      'check-literal',
      literalChange(args[1]!, sf, 1) ?? (method.endsWith('qual') ? literalChange(args[0]!, sf, 0) : undefined),
    );
  if ((method === 'lessThan' || method === 'greaterThan') && args.length >= 2 && text(1) !== '0') {
    const times = method === 'lessThan' ? 0.1 : 10;
    add('check-bound', {
      what: `check.${method} bound ${text(1)} moved the wrong way (×${times})`,
      variant: { arg: 1, times },
      edits: [span(1, `(${text(1)}) * ${times}`)],
    });
  }
  if (method === 'between' && args.length >= 3) {
    const [lo, hi] = [text(1), text(2)];
    add('check-bound', {
      what: `check.between range moved above itself`,
      variant: { range: 'above' },
      edits: [span(1, `(${hi})`), span(2, `(${hi}) + ((${hi}) - (${lo}))`)],
    });
    add('check-bound', {
      what: `check.between range moved below itself`,
      variant: { range: 'below' },
      edits: [span(1, `(${lo}) - ((${hi}) - (${lo}))`), span(2, `(${lo})`)],
    });
  }
  if (method === 'match' && args.length >= 2) add('check-pattern', regexChange(args[1]!, sf, 1));
  if (method === 'rejects' && args.length >= 2) {
    const regex = regexChange(args[1]!, sf, 1);
    if (regex) add('check-pattern', regex);
    else add('check-code', literalChange(args[1]!, sf, 1));
  }
  return changes;
}

/**
 * Every check mutant of a notebook, in order: `check.ok` negated; `equal`/`notEqual` and
 * `includes`/`notIncludes` swapped; a literal expected value changed; `lessThan`/`greaterThan`
 * reversed and their bound moved the wrong way; `between`'s range moved off; a `match` or
 * `rejects` regex changed; a `rejects` error code swapped. Skipped cells have none.
 */
export function checkMutants(notebook: Notebook): CheckMutant[] {
  const mutants: CheckMutant[] = [];
  for (const cell of notebook.cells) {
    if (cell.options.skip) continue;
    const { sf, calls } = checkCalls(cell.code);
    calls.forEach((call, n) => {
      for (const [k, change] of callChanges(call, sf).entries()) {
        const id = `c${cell.index}_${n}_${k}`;
        mutants.push({
          kind: 'check',
          class: change.class,
          location: `${shownPath(notebook.path)}:${cell.line + 1 + call.line}`,
          cell: cell.index,
          what: change.what,
          call: `c${cell.index}_${n}`,
          variant: { ...change.variant, id },
          edits: change.edits,
          inTry: call.inTry,
        });
      }
    });
  }
  return mutants;
}
