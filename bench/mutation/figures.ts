import { CHECK_CLASSES, OUTPUT_CLASSES, type MutantClass, type Outcome } from './types.ts';

/** A class's count: the mutants that count (caught and missed), and those that do not. */
export interface Figures {
  class: MutantClass | 'output' | 'check' | 'all';
  counted: number;
  caught: number;
  missed: number;
  equivalent: number;
  unjudged: number;
}

function tally(name: Figures['class'], outcomes: readonly Outcome[]): Figures {
  const n = (verdict: Outcome['verdict']) => outcomes.filter((o) => o.verdict === verdict).length;
  return {
    class: name,
    counted: n('caught') + n('missed'),
    caught: n('caught'),
    missed: n('missed'),
    equivalent: n('equivalent'),
    unjudged: n('unjudged'),
  };
}

/** The share of counted mutants caught, or 1 when none counted. */
export function catchRate(f: Pick<Figures, 'counted' | 'caught'>): number {
  return f.counted === 0 ? 1 : f.caught / f.counted;
}

/** Figures by class (those with mutants), then for output mutants, check mutants and all. */
export function figures(outcomes: readonly Outcome[]): Figures[] {
  const of = (classes: readonly string[]) => outcomes.filter((o) => classes.includes(o.mutant.class));
  const rows = [...OUTPUT_CLASSES, ...CHECK_CLASSES]
    .map((c) => tally(c, of([c])))
    .filter((f) => f.counted + f.equivalent + f.unjudged > 0);
  return [...rows, tally('output', of(OUTPUT_CLASSES)), tally('check', of(CHECK_CLASSES)), tally('all', outcomes)];
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

/** The figures as a table: class, mutants counted, caught, missed, catch rate, equivalent, unjudged. */
export function formatFigures(outcomes: readonly Outcome[]): string {
  const rows = figures(outcomes).map((f) =>
    [f.class, f.counted, f.caught, f.missed, percent(catchRate(f)), f.equivalent, f.unjudged].map(String),
  );
  const all = [['class', 'mutants', 'caught', 'missed', 'catch rate', 'equivalent', 'unjudged'], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = all.map(line);
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  out.splice(out.length - 3, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return out.join('\n');
}

/** Each miss, grouped by why, with where, its class, what changed and the particulars. */
export function formatMisses(outcomes: readonly Outcome[]): string {
  const misses = outcomes.filter((o) => o.verdict === 'missed');
  if (misses.length === 0) return 'no misses';
  const groups = new Map<string, Outcome[]>();
  for (const o of misses) groups.set(o.why ?? '?', [...(groups.get(o.why ?? '?') ?? []), o]);
  return [...groups]
    .map(([why, list]) =>
      [
        `${why} (${list.length}):`,
        ...list.map(
          (o) => `  ${o.mutant.location}  [${o.mutant.class}] ${o.mutant.what}${o.detail ? `  — ${o.detail}` : ''}`,
        ),
      ].join('\n'),
    )
    .join('\n\n');
}

/** What was not counted, and why: equivalent mutants by reason, unjudged ones each. */
export function formatUncounted(outcomes: readonly Outcome[]): string {
  const reasons = new Map<string, number>();
  for (const o of outcomes.filter((x) => x.verdict === 'equivalent'))
    reasons.set(`${o.mutant.kind}: ${o.why}`, (reasons.get(`${o.mutant.kind}: ${o.why}`) ?? 0) + 1);
  const unjudged = outcomes.filter((o) => o.verdict === 'unjudged');
  return [
    'equivalent (not counted):',
    ...[...reasons].map(([why, n]) => `  ${String(n).padStart(4)}  ${why}`),
    `unjudged (not counted): ${unjudged.length}`,
    ...unjudged.slice(0, 30).map((o) => `  ${o.mutant.location}  [${o.mutant.class}] ${o.mutant.what}: ${o.why}`),
    ...(unjudged.length > 30 ? [`  … ${unjudged.length - 30} more`] : []),
  ].join('\n');
}
