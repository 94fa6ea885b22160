import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mutateNotebooks, runCheckMutant } from '../../bench/mutation/course.ts';
import { WHY } from '../../bench/mutation/explain.ts';
import { combineEngines } from '../../bench/mutation/judge.ts';
import { catchRate, figures, formatMisses } from '../../bench/mutation/figures.ts';
import { outputMutants } from '../../bench/mutation/output-mutants.ts';
import { checkMutants } from '../../bench/mutation/check-mutants.ts';
import { shiftDecimal } from '../../bench/mutation/values.ts';
import { OUTPUT_CLASSES, type CheckMutant, type Outcome } from '../../bench/mutation/types.ts';
import { connect, type Engine } from '../../src/core/connect.ts';
import { parseNotebook, readNotebook } from '../../src/notebook/format/parse.ts';
import { packageRoot } from '../../src/paths.ts';
import { podmanEngine } from '../support/podman.ts';

// The fast part of the course's mutation test (the full one: npx tsx bench/mutate.ts): two quick
// notebooks run once on Docker and once on Podman, every output and check mutant of theirs judged on
// the runs it applies to (an engine's own block on that engine's run, a check where it is reached),
// and check mutants run for real. Under the suite's run id, so the suite's last check sees what they leave.
const FAST = ['01-images-and-containers.md', '07-names-and-tags.md'].map((name) =>
  join(packageRoot, 'notebooks', name),
);
const suiteRun = process.env.DOCKBOOK_RUN ?? `vitest-${process.pid}`;

describe('mutants of the course', () => {
  it('changes every class of value the issue names', () => {
    const block = [
      'web-3f2a1c9d on 0.0.0.0:32768->80/tcp, api-3f2a1c9d on 0.0.0.0:32769->80/tcp, http://127.0.0.1:5000/',
      `container 3f2a1c9d8e7b, image sha256:${'ab12'.repeat(16)}, again 3f2a1c9d8e7b`,
      'busybox:latest 119MB, Up 3 seconds, stopped in 0.7s, exit code 137, 2 of 3 running: true',
      'built at Sun Nov 22 06:15:38 UTC 2026, started 2026-11-22T06:15:40Z',
    ].join('\n');
    const source =
      `---\njupyter:\n  kernelspec:\n    name: dockbook\n    display_name: TypeScript (dockbook)\n` +
      `    language: typescript\n  dockbook:\n    title: Fixture\n    concepts: []\n---\n\n\`\`\`typescript\n` +
      `console.log(1);\n\`\`\`\n\n\`\`\`output\n${block}\n\`\`\`\n`;
    const classes = new Set(
      outputMutants(parseNotebook(source, join(packageRoot, 'notebooks/fixture.md'))).map((m) => m.class),
    );
    expect(OUTPUT_CLASSES.filter((c) => !classes.has(c))).toEqual([]);
  });

  it('are the same every time, and each says where and what it changed', () => {
    const notebook = readNotebook(FAST[0]!);
    const [a, b] = [outputMutants(notebook), outputMutants(notebook)];
    expect(a).toEqual(b);
    for (const m of [...a, ...checkMutants(notebook)])
      expect(m.location).toMatch(/^notebooks\/01-images-and-containers\.md:\d+$/);
  });

  it("mutates each engine's own block too, marked with its engine", () => {
    const source =
      `---\njupyter:\n  kernelspec:\n    name: dockbook\n    display_name: TypeScript (dockbook)\n` +
      `    language: typescript\n  dockbook:\n    title: Fixture\n    concepts: []\n---\n\n\`\`\`typescript\n` +
      `console.log(1);\n\`\`\`\n\n\`\`\`output\nwritable layer: 11 bytes\n\`\`\`\n\n` +
      `\`\`\`output engine=podman\nwritable layer: 23 bytes\n\`\`\`\n`;
    const mutants = outputMutants(parseNotebook(source, join(packageRoot, 'notebooks/fixture.md')));
    const byBlock = (engine?: string) => mutants.filter((m) => m.engine === engine);
    expect(byBlock().map((m) => m.location)).toContain('notebooks/fixture.md:17');
    expect(byBlock('podman').map((m) => m.location)).toContain('notebooks/fixture.md:21');
    expect(byBlock('podman').find((m) => m.class === 'size')?.what).toBe('23 bytes → 230 bytes (×10)');
    expect(byBlock().length).toBe(byBlock('podman').length);
  });

  it("combines the engines' verdicts: a miss on any engine is a miss, a check reached nowhere stays a miss", () => {
    const mutant = outputMutants(readNotebook(FAST[0]!))[0]!;
    const on = (engine: string, verdict: Outcome['verdict'], why?: string) => ({
      engine,
      outcome: { mutant, verdict, ...(why ? { why } : {}) },
    });
    const combined = (...runs: Array<ReturnType<typeof on>>) => {
      const { verdict, why, engines } = combineEngines(runs);
      return { verdict, why, engines };
    };
    expect(combined(on('docker', 'caught'), on('podman', 'missed', WHY.size))).toEqual({
      verdict: 'missed',
      why: WHY.size,
      engines: ['podman'],
    });
    expect(combined(on('docker', 'missed', WHY.notReached), on('podman', 'caught'))).toEqual({
      verdict: 'caught',
      why: undefined,
      engines: ['podman'],
    });
    expect(combined(on('docker', 'equivalent', 'holds'), on('podman', 'caught'))).toMatchObject({
      verdict: 'caught',
    });
    expect(combined(on('docker', 'missed', WHY.notReached), on('podman', 'missed', WHY.notReached))).toEqual({
      verdict: 'missed',
      why: WHY.notReached,
      engines: [],
    });
    expect(combined(on('docker', 'unjudged', WHY.otherEngine))).toEqual({
      verdict: 'unjudged',
      why: WHY.otherEngine,
      engines: [],
    });
  });

  it('scales sizes and durations exactly', () => {
    expect([shiftDecimal('0.7', 1), shiftDecimal('0.7', -1), shiftDecimal('119', -1), shiftDecimal('1.98', 1)]).toEqual(
      ['7', '0.07', '11.9', '19.8'],
    );
  });
});

describe('mutation test of notebooks 01 and 07, on Docker and on Podman', () => {
  let outcomes: Outcome[] = [];
  let cellsFailed: string[] = [];
  let engines: Engine[] = [];
  beforeAll(async () => {
    engines = [await connect(), await podmanEngine()];
    const result = await mutateNotebooks(FAST, { engines, runId: `${suiteRun}:mutation` });
    outcomes = result.outcomes;
    cellsFailed = result.records.flatMap((r) =>
      r.cells
        .filter((c) => c.report.status !== 'passed')
        .map((c) => `${r.engine}: ${c.report.location}: ${c.report.message}`),
    );
  }, 400_000);

  it('ran both notebooks as written on both engines without a failure (the mutants are judged on those runs)', () => {
    expect(cellsFailed).toEqual([]);
    expect(outcomes.filter((o) => o.verdict === 'unjudged')).toEqual([]);
  });

  it('catches at least 95 % of the output mutants and of the check mutants', () => {
    const [output, check] = ['output', 'check'].map((name) => figures(outcomes).find((f) => f.class === name)!);
    expect(output!.counted).toBeGreaterThan(150);
    expect(check!.counted).toBeGreaterThan(50);
    expect(catchRate(output!), formatMisses(outcomes)).toBeGreaterThanOrEqual(0.95);
    expect(catchRate(check!), formatMisses(outcomes)).toBeGreaterThanOrEqual(0.95);
  });

  it('explains every miss by a rule of the design', () => {
    const unexplained = outcomes.filter(
      (o) => o.verdict === 'missed' && (o.why === undefined || o.why === WHY.unexplained),
    );
    expect(formatMisses(unexplained)).toBe('no misses');
  });

  it('a changed check fails its cell in a real run of the changed notebook, as the instrumented run said', async () => {
    // The earliest check mutant of a class in each notebook caught on the engine named: a short partial run there.
    const earliest = (file: string, cls: string, engine: string) =>
      outcomes
        .filter(
          (o) =>
            o.verdict === 'caught' &&
            o.mutant.kind === 'check' &&
            o.mutant.class === cls &&
            file.endsWith(o.mutant.location.split(':')[0]!.replace('notebooks/', '')) &&
            (engine === 'podman' ? o.engines?.join() === 'podman' : o.engines?.includes(engine)),
        )
        .sort((a, b) => a.mutant.cell - b.mutant.cell)[0];
    const picks: Array<[string, string, Outcome | undefined]> = [
      [FAST[1]!, 'docker', earliest(FAST[1]!, 'check-code', 'docker')],
      [FAST[0]!, 'docker', earliest(FAST[0]!, 'check-negated', 'docker')],
      // A claim only Podman's run reaches (a Podman branch): caught there, and so in a real run on Podman.
      [FAST[0]!, 'podman', earliest(FAST[0]!, 'check-negated', 'podman')],
    ];
    for (const [i, [file, kind, pick]] of picks.entries()) {
      expect(pick?.verdict).toBe('caught');
      const mutant = pick!.mutant as CheckMutant;
      const engine = engines.find((e) => e.kind === kind)!;
      const real = await runCheckMutant(readNotebook(file), mutant, engine, `${suiteRun}:mutation-real-${i}`);
      expect({ where: mutant.location, what: mutant.what, cell: real.cell, byCheck: real.byCheck }).toEqual({
        where: mutant.location,
        what: mutant.what,
        cell: 'failed',
        byCheck: true,
      });
    }
  }, 400_000);
});
