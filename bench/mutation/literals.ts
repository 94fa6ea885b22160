import ts from 'typescript';
import { ERROR_CODES } from '../../src/errors.ts';
import type { Edit, Variant } from './types.ts';

/** A change of one argument of a check call: how it runs (Variant) and how it is written (Edit). */
export interface ArgChange {
  what: string;
  variant: Omit<Variant, 'id'>;
  edits: Edit[];
}

const OPPOSITES: Record<string, string> = {
  before: 'after',
  after: 'before',
  running: 'exited',
  exited: 'running',
  true: 'false',
  false: 'true',
  first: 'second',
  second: 'first',
};

/** A fragment of text changed: its first number +1, else its first word to its opposite (or with an `x`). */
function changedFragment(text: string): [from: string, to: string, at: number] | undefined {
  const number = /(?<![\\{,\w.[-])\d+(?![\w}])/.exec(text);
  if (number) return [number[0], String(Number(number[0]) + 1), number.index];
  const word = /(?<![\\\w])[A-Za-z]{3,}(?!\w)/.exec(text);
  if (word) return [word[0], OPPOSITES[word[0]] ?? `${word[0]}x`, word.index];
  return undefined;
}

const whole = (node: ts.Node, sf: ts.SourceFile, text: string): Edit => ({
  start: node.getStart(sf),
  end: node.end,
  text,
});

/**
 * A literal argument changed: a number +1, a boolean flipped, a string's (or a template's
 * leading text's) first number +1 or first word replaced, an error code swapped for the next
 * one. Undefined when the argument is not a literal.
 *
 * @example
 * // the `0` of check.equal(quiet.exitCode, 0, '…'):
 * literalChange(zero, sf, 1); // { what: '0 → 1', variant: { arg: 1, value: 1 }, edits: [{ start, end, text: '1' }] }
 */
export function literalChange(node: ts.Expression, sf: ts.SourceFile, arg: number): ArgChange | undefined {
  const text = node.getText(sf);
  if (
    ts.isNumericLiteral(node) ||
    (ts.isPrefixUnaryExpression(node) &&
      node.operator === ts.SyntaxKind.MinusToken &&
      ts.isNumericLiteral(node.operand))
  ) {
    const value = Number(text.replace(/_/g, '')) + 1;
    return { what: `${text} → ${value}`, variant: { arg, value }, edits: [whole(node, sf, String(value))] };
  }
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
    const value = node.kind !== ts.SyntaxKind.TrueKeyword;
    return { what: `${text} → ${value}`, variant: { arg, value }, edits: [whole(node, sf, String(value))] };
  }
  if (ts.isStringLiteral(node) && (ERROR_CODES as readonly string[]).includes(node.text)) {
    const code =
      ERROR_CODES[(ERROR_CODES.indexOf(node.text as (typeof ERROR_CODES)[number]) + 1) % ERROR_CODES.length]!;
    return { what: `${node.text} → ${code}`, variant: { arg, value: code }, edits: [whole(node, sf, `'${code}'`)] };
  }
  const literal =
    ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
      ? node
      : ts.isTemplateExpression(node)
        ? node.head
        : undefined;
  if (!literal) return undefined;
  // The same fragment found in the value and in the source (after the opening quote), or none.
  const change = changedFragment(literal.text);
  const raw = changedFragment(literal.getText(sf).slice(1));
  if (!change || !raw || raw[0] !== change[0]) return undefined;
  const [from, to, at] = change;
  const start = literal.getStart(sf) + 1 + raw[2];
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return {
    what: `${JSON.stringify(from)} → ${JSON.stringify(to)} in ${shown}`,
    variant: { arg, replace: [from, to], at },
    edits: [{ start, end: start + from.length, text: to }],
  };
}

/** A regex literal changed: its first number +1, or its first word replaced. */
export function regexChange(node: ts.Expression, sf: ts.SourceFile, arg: number): ArgChange | undefined {
  if (!ts.isRegularExpressionLiteral(node)) return undefined;
  const [, source = '', flags = ''] = /^\/(.*)\/([a-z]*)$/s.exec(node.text) ?? [];
  const change = changedFragment(source);
  if (!change) return undefined;
  const [from, to, at] = change;
  const changed = source.slice(0, at) + to + source.slice(at + from.length);
  return {
    what: `${node.text} → /${changed}/${flags}`,
    variant: { arg, regex: [changed, flags] },
    edits: [whole(node, sf, `/${changed}/${flags}`)],
  };
}
