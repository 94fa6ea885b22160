// Soak: N full courses at once on one engine, R rounds; reports failures (goal 0) and leftovers
// (goal 0). A measurement, not a test: it exits 0 either way, its last line says what it found.
// Run: npx tsx bench/soak.ts [--courses 4] [--rounds 3] [--course-timeout 45] [--logs <dir>]
//
// Each course is the real CLI, `node bin/dockbook.js run --continue` over all of notebooks/, run
// from its own copy of the package (bin, dist, kernel, notebooks, package.json; node_modules
// linked), because the CLI always writes its reports into <package>/reports/notebooks and four
// runs would overwrite each other's. The copies share everything else with the original: the
// engine, the registries, the cache (~/.cache/dockbook), the temp dir and its image gate. They
// are taken once, before round 1, so every round runs the same code (the dist/ and notebooks/
// of that moment).
import { spawn } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  existsSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { connect } from '../src/core/connect.ts';
import { dockerConfigDir } from '../src/registry/docker-config.ts';
import { Attribution, engineItems, hostItems, KINDS, newItems, snapshot, type Item } from './soak-leftovers.ts';

const { values: args } = parseArgs({
  options: {
    courses: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    'course-timeout': { type: 'string', default: '45' },
    logs: { type: 'string' },
  },
});
const COURSES = Number(args.courses);
const ROUNDS = Number(args.rounds);
const COURSE_TIMEOUT_MS = Number(args['course-timeout']) * 60_000;
const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'bin', 'dockbook.js');

interface FailedCell {
  location: string;
  message: string;
}
interface CourseResult {
  course: number;
  exit: number | string;
  passed: number;
  failed: number;
  skipped: number;
  wallS: number;
  failures: FailedCell[];
  problems: string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const loadFigures = (xs: number[]) =>
  xs.length
    ? `min ${Math.min(...xs).toFixed(2)}  median ${median(xs).toFixed(2)}  max ${Math.max(...xs).toFixed(2)}  (1-min ` +
      `load average, ${xs.length} samples every 5 s)`
    : 'no samples';
const firstLines = (text: string, n = 3) =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, n)
    .join(' | ');

/** A copy of the package that runs the CLI from its own folder (and so has its own reports/). */
function courseCopy(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const entry of ['bin', 'dist', 'kernel', 'notebooks', 'package.json', 'tsconfig.json']) {
    // verbatimSymlinks keeps notebooks/node_modules/dockbook -> ../.. pointing into the copy.
    cpSync(join(root, entry), join(dir, entry), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => !src.endsWith('.ipynb'),
    });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Runs one course to its end (or its time limit) and reads what it reported. */
async function runCourse(course: number, dir: string, logDir: string): Promise<CourseResult> {
  rmSync(join(dir, 'reports'), { recursive: true, force: true });
  const out = join(logDir, `course-${course}.out`);
  const err = join(logDir, `course-${course}.err`);
  const [outFd, errFd] = [openSync(out, 'w'), openSync(err, 'w')];
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(dir, 'bin', 'dockbook.js'), 'run', '--continue'], {
    cwd: dir,
    stdio: ['ignore', outFd, errFd],
  });
  let timedOut = false;
  const limit = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM'); // the CLI interrupts the cell, cleans up and reports (exit 143)
    setTimeout(() => child.kill('SIGKILL'), 120_000).unref();
  }, COURSE_TIMEOUT_MS);
  const exit = await new Promise<number | string>((done) =>
    child.on('exit', (code, signal) => done(code ?? signal ?? 'unknown')),
  );
  clearTimeout(limit);
  closeSync(outFd);
  closeSync(errFd);
  const wallS = (performance.now() - t0) / 1000;
  const stdout = readFileSync(out, 'utf8');
  const counts = [...stdout.matchAll(/^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm)].at(-1);
  const problems: string[] = [];
  if (timedOut)
    problems.push(`course ${course} passed its ${args['course-timeout']} min limit and was stopped (SIGTERM)`);
  if (!counts)
    problems.push(
      `course ${course} printed no summary line (exit ${exit}); ` +
        `stderr: ${firstLines(readFileSync(err, 'utf8').split('\n').slice(-6).join('\n'), 6)}`,
    );
  const failures: FailedCell[] = [];
  const reportsDir = join(dir, 'reports', 'notebooks');
  if (existsSync(reportsDir)) {
    const saved = join(logDir, `course-${course}-reports`);
    cpSync(reportsDir, saved, { recursive: true });
    for (const file of readdirSync(reportsDir).sort()) {
      const report = JSON.parse(readFileSync(join(reportsDir, file), 'utf8')) as {
        path: string;
        cleanupProblem?: string;
        cells: { status: string; location: string; message?: string; reason?: string }[];
      };
      for (const cell of report.cells)
        if (cell.status === 'failed')
          failures.push({ location: cell.location, message: firstLines(cell.message ?? cell.reason ?? '') });
      if (report.cleanupProblem) problems.push(`${report.path}: ${report.cleanupProblem}`);
    }
  }
  const failed = Number(counts?.[2] ?? failures.length);
  if (exit !== 0 && failed === 0 && !timedOut) problems.push(`course ${course} exited ${exit} with no failed cell`);
  return {
    course,
    exit,
    passed: Number(counts?.[1] ?? 0),
    failed,
    skipped: Number(counts?.[3] ?? 0),
    wallS,
    failures,
    problems,
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
    .join('\n');
}

function listLeftovers(items: Item[], indent = '  '): string[] {
  return KINDS.flatMap((kind) => {
    const of = items.filter((i) => i.kind === kind);
    return of.length ? [`${indent}${kind}: ${of.length}`, ...of.map((i) => `${indent}  ${i.text}`)] : [];
  });
}

// ---- the soak ----
const { docker } = await connect();
const configRoot = dockerConfigDir();
const work = mkdtempSync(join(tmpdir(), 'soak-courses-')); // not dockbook-*: the soak's own folder is not a leftover
const logs = args.logs ? resolve(args.logs) : mkdtempSync(join(tmpdir(), 'soak-logs-'));
const head = await new Promise<string>((done) => {
  const git = spawn('git', ['-C', root, 'describe', '--always', '--dirty'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let text = '';
  git.stdout.on('data', (d: Buffer) => (text += d));
  git.on('exit', () => done(text.trim()));
});
console.log(
  `soak: ${COURSES} courses at once, ${ROUNDS} rounds; commit ${head}, dist/ ` +
    `built ${statSync(join(root, 'dist', 'index.js')).mtime.toISOString()}`,
);
console.log(`soak: copies in ${work}, logs and reports in ${logs}`);
const dirs = Array.from({ length: COURSES }, (_, i) => courseCopy(join(work, `course-${i + 1}`)));
const who = new Attribution();
const before = await snapshot(docker, cli, configRoot);
console.log(
  `soak: before round 1, ${before.length} items in scope (labelled resources, dangling images, kernels, dockbook-* ` +
    `temp folders, docker configs, registry repositories)`,
);

const allLoad: number[] = [];
const rounds: { round: number; wallS: number; load: number[]; results: CourseResult[]; soak: Item[]; other: Item[] }[] =
  [];
for (let round = 1; round <= ROUNDS; round++) {
  const logDir = join(logs, `round-${round}`);
  mkdirSync(logDir, { recursive: true });
  console.log(`\n== round ${round}: ${COURSES} courses started at ${new Date().toISOString()}`);
  const load: number[] = [];
  let sampling = false;
  const sampler = setInterval(async () => {
    load.push(loadavg()[0]!);
    who.sampleProcesses(work);
    if (sampling) return;
    // who owns which session, learnt while the owners are alive (the registry's repositories carry only the
    // session)
    sampling = true;
    who.learnSessions([...(await engineItems(docker).catch(() => [])), ...hostItems(configRoot)]);
    sampling = false;
  }, 5000);
  const t0 = performance.now();
  const results = await Promise.all(dirs.map((dir, i) => runCourse(i + 1, dir, logDir)));
  const wallS = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  who.sampleProcesses(work);
  allLoad.push(...load);
  const { soak, other } = newItems(before, await snapshot(docker, cli, configRoot), who);
  const kernels = soak.filter((i) => i.kind === 'kernels');
  if (kernels.length > 0) {
    await sleep(10_000);
    const still = kernels.filter((k) => existsSync(`/proc/${k.key}`)).length;
    for (const k of kernels)
      k.text += existsSync(`/proc/${k.key}`) ? ' (still alive 10 s later)' : ' (gone 10 s later)';
    console.log(`  ${kernels.length} soak kernels alive when the courses ended, ${still} still alive 10 s later`);
  }
  rounds.push({ round, wallS, load, results, soak, other });

  console.log(
    table([
      ['course', 'exit', 'passed', 'failed', 'skipped', 'wall'],
      ...results.map((r) => [
        `course ${r.course}`,
        String(r.exit),
        String(r.passed),
        String(r.failed),
        String(r.skipped),
        `${r.wallS.toFixed(0)}s`,
      ]),
    ]),
  );
  console.log(`round ${round}: wall ${wallS.toFixed(0)} s; load ${loadFigures(load)}`);
  const failures = results.flatMap((r) => [
    ...r.failures.map((f) => `course ${r.course}: ${f.location}: ${f.message}`),
    ...r.problems.map((p) => `course ${r.course}: ${p}`),
  ]);
  console.log(`failures: ${failures.length}${failures.map((f) => `\n  ${f}`).join('')}`);
  console.log(`leftovers (new since before round 1, the soak's): ${soak.length}`);
  for (const line of listLeftovers(soak)) console.log(line);
  if (other.length)
    console.log(
      `new since before round 1 but not the soak's (other users of this engine and ` +
        `/tmp): ${other.length}\n${listLeftovers(other).join('\n')}`,
    );
}

// ---- summary ----
const results = rounds.flatMap((r) => r.results.map((c) => ({ ...c, round: r.round })));
const failures = results.flatMap((r) => [
  ...r.failures.map((f) => `round ${r.round} course ${r.course}: ${f.location}: ${f.message}`),
  ...r.problems.map((p) => `round ${r.round}: ${p}`),
]);
const unique = new Map<string, Item>();
for (const r of rounds) for (const item of r.soak) unique.set(`${item.kind}:${item.key}`, item);
const leftovers = [...unique.values()];
console.log('\n== summary');
console.log(
  `courses run: ${results.length} (${COURSES} at once × ${ROUNDS} rounds); exit ` +
    `codes: ${results.map((r) => r.exit).join(' ')}`,
);
console.log(
  `cells run: ${results.reduce((n, r) => n + r.passed + r.failed, 0)} ` +
    `(passed ${results.reduce((n, r) => n + r.passed, 0)}, failed ${results.reduce((n, r) => n + r.failed, 0)}; ` +
    `skipped ${results.reduce((n, r) => n + r.skipped, 0)})`,
);
console.log(`failures: ${failures.length}${failures.map((f) => `\n  ${f}`).join('')}`);
console.log(
  `leftovers: ${leftovers.length}` +
    `${KINDS.map((k) => ` ${k} ${leftovers.filter((i) => i.kind === k).length}`).join(',')}`,
);
for (const line of listLeftovers(leftovers)) console.log(line);
console.log(
  `wall time per round: ${rounds.map((r) => `${r.wallS.toFixed(0)} s`).join(', ')}; per course: ` +
    `min ${Math.min(...results.map((r) => r.wallS)).toFixed(0)} s, ` +
    `median ${median(results.map((r) => r.wallS)).toFixed(0)} s, ` +
    `max ${Math.max(...results.map((r) => r.wallS)).toFixed(0)} s`,
);
console.log(`load during the run: ${loadFigures(allLoad)}`);
console.log(`attribution: ${who.pids.size} soak processes and ${who.sessions.size} soak sessions seen while running`);
rmSync(work, { recursive: true, force: true });
console.log(`logs and reports kept in ${logs}`);
console.log(`soak: ${failures.length} failures, ${leftovers.length} leftovers`);
process.exit(0);
