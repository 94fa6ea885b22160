// The mutation test of the course: it changes the notebooks' expected outputs and checks in
// meaningful ways (numbers, words, statuses, tags, sizes and durations ×10 and ÷10, identities
// made different or equal, ports, dates, exit codes, order, lines added and removed; checks
// negated, literals changed, bounds moved, error codes swapped), runs each notebook once against
// the engine, and prints how many changes the verdict catches, by class, and every miss with why.
// Run: npx tsx bench/mutate.ts [notebooks/NN-*.md …] [--engine URL …] [--no-checks] [--real N] [--json out.json]
//   --engine URL an engine to run on (repeatable; default DOCKER_HOST's), e.g. the project's Podman too:
//                --engine unix:///var/run/docker.sock --engine unix:///root/.cache/dockbook/podman/podman.sock
//                (each notebook runs on all of them at once; a mutant is judged on the runs it applies to)
//   --no-checks  only output mutants (the notebooks run as written, not instrumented)
//   --real N     also run N check mutants for real (one notebook run each), to confirm the instrumented verdicts
// Exits 1 when fewer than 95 % are caught or a miss has no explanation.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '../src/core/connect.ts';
import { findNotebooks } from '../src/notebook/find.ts';
import { readNotebook } from '../src/notebook/format/parse.ts';
import { mutateNotebooks, runCheckMutant } from './mutation/course.ts';
import { WHY } from './mutation/explain.ts';
import { catchRate, figures, formatFigures, formatMisses, formatUncounted } from './mutation/figures.ts';
import { shownPath } from './mutation/output-mutants.ts';
import type { CheckMutant } from './mutation/types.ts';

const GOAL = 0.95;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'no-checks': { type: 'boolean' },
    real: { type: 'string' },
    json: { type: 'string' },
    engine: { type: 'string', multiple: true },
  },
});
const files = positionals.length > 0 ? positionals.map((p) => resolve(p)) : findNotebooks();
const engines = values.engine?.length
  ? await Promise.all(values.engine.map((host) => connect({ env: { ...process.env, DOCKER_HOST: host } })))
  : [await connect()];
const t0 = performance.now();

const { outcomes } = await mutateNotebooks(files, {
  engines,
  checks: !values['no-checks'],
  onNotebook: (record, judged) => {
    const cells = record.cells.filter((c) => c.report.status === 'passed').length;
    const n = (v: string) => judged.filter((o) => o.verdict === v).length;
    console.log(
      `${shownPath(record.notebook.path)} on ${record.engine}: ${cells}/${record.cells.length} cells passed ` +
        `in ${(record.durationMs / 1000).toFixed(1)} s; ${judged.length} mutants: ${n('caught')} ` +
        `caught, ${n('missed')} missed, ${n('equivalent')} equivalent, ${n('unjudged')} unjudged`,
    );
  },
});

console.log(`\n${formatFigures(outcomes)}\n\nmisses:\n${formatMisses(outcomes)}\n\n${formatUncounted(outcomes)}`);

const realCount = Number(values.real ?? 0);
if (realCount > 0) {
  // Spread evenly over the counted check mutants, so the sample crosses notebooks and classes.
  const counted = outcomes.filter(
    (o) => o.mutant.kind === 'check' && (o.verdict === 'caught' || o.verdict === 'missed'),
  );
  const sample = Array.from(
    { length: Math.min(realCount, counted.length) },
    (_, i) => counted[Math.floor((i * counted.length) / Math.min(realCount, counted.length))]!,
  );
  let [agree, unjudged] = [0, 0];
  console.log(`\n${sample.length} check mutants run for real (the mutated notebook, up to the mutated cell):`);
  for (const outcome of sample) {
    const mutant = outcome.mutant as CheckMutant;
    const notebook = readNotebook(files.find((f) => mutant.location.startsWith(shownPath(f)))!);
    // On an engine whose run gave the verdict: a check reached only on Podman is run for real there.
    const engine = engines.find((e) => outcome.engines?.includes(e.kind)) ?? engines[0]!;
    const real = await runCheckMutant(notebook, mutant, engine);
    const same = (outcome.verdict === 'caught') === (real.cell === 'failed' && real.byCheck);
    agree += same && real.cell !== 'unjudged' ? 1 : 0;
    unjudged += real.cell === 'unjudged' ? 1 : 0;
    const word = real.cell === 'unjudged' ? 'unjudged' : same ? 'agrees  ' : 'DIFFERS ';
    console.log(
      `  ${word} ${mutant.location} [${mutant.class}] ${mutant.what}: instrumented ${outcome.verdict}, real ` +
        `cell ${real.cell}${real.byCheck ? ' (CheckFailure)' : ''}` +
        `${real.detail && !real.byCheck ? ` — ${real.detail}` : ''}`,
    );
  }
  console.log(
    `  ${agree} of ${sample.length - unjudged} judged ` +
      `agree${unjudged ? `; ${unjudged} unjudged (an ` + `earlier cell failed in that run)` : ''}`,
  );
}

const all = figures(outcomes).at(-1)!;
const unexplained = outcomes.filter((o) => o.verdict === 'missed' && o.why === WHY.unexplained).length;
console.log(
  `\n${all.counted} mutants counted, ${all.caught} caught, ${all.missed} missed: catch ` +
    `rate ${(catchRate(all) * 100).toFixed(1)} % (goal ${GOAL * 100} %); ${unexplained} ` +
    `unexplained; ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);
if (values.json) writeFileSync(values.json, `${JSON.stringify(outcomes, null, 2)}\n`);
process.exitCode = catchRate(all) >= GOAL && unexplained === 0 ? 0 : 1;
