import type { EngineKind } from '../core/connect.ts';

/**
 * How each engine's builder prints a build, line by line. Docker's classic builder:
 *
 * ```
 * Step 2/10 : WORKDIR /app
 *  ---> Using cache
 *  ---> 865d7f7d8a0e
 * Successfully built 4510c6239e9c
 * ```
 *
 * Podman's builder (buildah) numbers steps per stage (`[2/2] STEP 1/6: FROM busybox` in a
 * multi-stage build), prints the cache hit with the image's full ID, commits the last step
 * before printing its ID, and prints no `Running in` or `Removing intermediate container` lines:
 *
 * ```
 * STEP 2/10: WORKDIR /app
 * --> Using cache 865d7f7d8a0ec080f101de5751a3d2e9a4437ed39ab85b13f6b1193e031271ad
 * --> 865d7f7d8a0
 * STEP 10/10: LABEL "dockbook.session"="db-3f2a1c9d"
 * COMMIT docker.io/library/goals
 * --> 4510c6239e9
 * Successfully tagged docker.io/library/goals:latest
 * ```
 */

/** A step's first line, read. */
export interface StepLine {
  /** `[k/K]`: the stage, where the builder prints it (Podman, in a multi-stage build). */
  stage?: { index: number; count: number };
  /** N of `N/M`: the step's number in its stage (Docker numbers across the whole build). */
  number: number;
  /** M of `N/M`: the steps of its stage, including the LABEL steps the engine appends to the last one. */
  total: number;
  /** The instruction as the engine echoed it, e.g. `RUN npm install`. */
  instruction: string;
}

/** A failed step's message, read: its exit code (a RUN that failed) or the reason in the library's words. */
export interface StepFailure {
  exitCode?: number;
  reason: string;
}

/** The lines of one engine's build log that the recorder tells apart. */
export interface BuildGrammar {
  engine: EngineKind;
  /** A step's first line, or undefined. */
  step(line: string): StepLine | undefined;
  /** The step line progress shows, numbered out of `total`. */
  progressLine(step: StepLine, total: number): string;
  /** The open step came from the cache. */
  usingCache: RegExp;
  /** The ID of the image the open step made (group 1), as printed. */
  stepId: RegExp;
  /** The builder's own lines, which are not a step's output. */
  marker: RegExp;
  /** The line that ends the steps: every later line is shown in progress. */
  end: RegExp;
  /** A line of the open FROM step pulling its base (Docker sends pulls as status events instead). */
  pulling?: RegExp;
  /** What a step's failure says, the step being named already. */
  failure(message: string, instruction: string | undefined): StepFailure;
}

const DOCKER_STEP = /^Step (\d+)\/(\d+) : (.*)$/;

/** Docker's classic builder. */
export const DOCKER_GRAMMAR: BuildGrammar = {
  engine: 'docker',
  step(line) {
    const m = DOCKER_STEP.exec(line);
    return m ? { number: Number(m[1]), total: Number(m[2]), instruction: m[3]! } : undefined;
  },
  progressLine: (step, total) => `Step ${step.number}/${total} : ${step.instruction}`,
  usingCache: /^ ---> Using cache$/,
  stepId: /^ ---> ([0-9a-f]{12})$/,
  marker: /^( ---> |Removing intermediate container |Successfully (built|tagged) )/,
  end: /^Successfully built /,
  failure(message) {
    // The engine's words for a failed RUN quote the instruction the step already names: keep its exit code only.
    const exit = /^The command '.*' returned a non-zero code: (\d+)$/s.exec(message);
    return exit ? { exitCode: Number(exit[1]), reason: message } : { reason: message };
  },
};

const PODMAN_STEP = /^(?:\[(\d+)\/(\d+)\] )?STEP (\d+)\/(\d+): (.*)$/;

/** buildah's `building at STEP "…": ` before every failure: the step, which the error names already. */
function withoutStep(message: string, instruction: string | undefined): string {
  const exact = instruction === undefined ? '' : `building at STEP "${instruction}": `;
  if (exact && message.startsWith(exact)) return message.slice(exact.length);
  // buildah quotes the instruction as it parsed it (`"FROBNICATE "` for `FROBNICATE now`), unescaped.
  return message.replace(/^building at STEP ".*?": /s, '');
}

/** Podman's builder, buildah (Podman 4). */
export const PODMAN_GRAMMAR: BuildGrammar = {
  engine: 'podman',
  step(line) {
    const m = PODMAN_STEP.exec(line);
    if (!m) return undefined;
    const stage = m[1] === undefined ? {} : { stage: { index: Number(m[1]), count: Number(m[2]) } };
    return { ...stage, number: Number(m[3]), total: Number(m[4]), instruction: m[5]! };
  },
  progressLine(step, total) {
    const stage = step.stage ? `[${step.stage.index}/${step.stage.count}] ` : '';
    return `${stage}STEP ${step.number}/${total}: ${step.instruction}`;
  },
  usingCache: /^--> Using cache [0-9a-f]{64}$/,
  stepId: /^--> ([0-9a-f]{6,64})$/,
  marker: /^(--> |(\[\d+\/\d+\] )?COMMIT( |$)|Successfully (built|tagged) )/,
  end: /^(\[\d+\/\d+\] )?COMMIT( |$)/,
  pulling: /^Trying to pull /,
  failure(message, instruction) {
    const own = withoutStep(message, instruction);
    const exit = /^while running runtime: exit status (\d+)$/.exec(own);
    if (exit) return { exitCode: Number(exit[1]), reason: own };
    // COPY of a file the context lacks: the temporary folder buildah unpacked the context into means nothing here.
    const missing = /^checking on sources under "[^"]*": (copier: stat: "\/?(.*)": no such file or directory)$/s.exec(
      own,
    );
    if (missing) {
      return { reason: `${missing[2]} is not in the build context, or .dockerignore leaves it out (${missing[1]})` };
    }
    // An unknown instruction comes with a dump of buildah's parsed step.
    return { reason: own.replace(/ &imagebuilder\.Step\{.*\}$/s, '') };
  },
};

/**
 * The grammar of an engine's builder.
 *
 * @example
 * grammarFor('podman').step('STEP 2/9: WORKDIR /app'); // { number: 2, total: 9, instruction: 'WORKDIR /app' }
 */
export function grammarFor(kind: EngineKind): BuildGrammar {
  return kind === 'podman' ? PODMAN_GRAMMAR : DOCKER_GRAMMAR;
}

/** The grammar whose step line this is, if either's. */
export function grammarOfStepLine(line: string): BuildGrammar | undefined {
  return [DOCKER_GRAMMAR, PODMAN_GRAMMAR].find((grammar) => grammar.step(line) !== undefined);
}
