import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineKind } from '../../src/core/connect.ts';
import type { StreamEvent } from '../../src/core/json-stream.ts';
import { grammarFor } from '../../src/images/build-grammar.ts';
import { BuildRecorder } from '../../src/images/build-steps.ts';
import { buildFailed } from '../../src/images/build.ts';
import { buildLabels } from '../../src/images/build-labels.ts';

// Real logs (test/images/fixtures/README.md): Docker 20.10's classic builder and Podman 4.3.1's buildah, each with the
// three LABEL steps the engine appends for the session's labels.
const APPENDED = 3;

function events(name: string): StreamEvent[] {
  const text = readFileSync(join(import.meta.dirname, 'fixtures', `${name}.jsonl`), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StreamEvent);
}

/** Replays a captured build through a recorder, as build() feeds it, with a clock that ticks 10 ms a read. */
function replay(name: string, kind: EngineKind = name.startsWith('podman') ? 'podman' : 'docker') {
  const progress: string[] = [];
  let clock = 0;
  const recorder = new BuildRecorder(
    (event) => progress.push(event.status),
    APPENDED,
    kind,
    () => (clock += 10),
  );
  for (const event of events(name)) recorder.add(event);
  recorder.finish();
  const steps = recorder.dockerfileSteps();
  return { recorder, progress, steps, table: steps.map((s) => [s.index, s.instruction, s.cached, s.id]) };
}

const GOALS = ['FROM node', 'WORKDIR /app', 'COPY package.json /app', 'RUN npm install', 'COPY . /app', 'EXPOSE 80'];
const goals = (cached: boolean[], ids: Array<string | undefined>) =>
  [...GOALS, 'CMD ["node", "server.js"]'].map((instruction, i) => [i + 1, instruction, cached[i], ids[i]]);

describe('BuildRecorder, Docker (classic builder)', () => {
  it('reads each step: instruction, cache hit, the image it made; the appended LABEL steps are left out', () => {
    const ids = ['3322813d098b', 'cf33ce730f61', 'c0d00b7680f4', '3f0f15faf7bd', '4a7cd79bd83e', '75ba40ad7cab'];
    const cold = replay('docker-goals-nocache');
    expect(cold.table).toEqual(goals([true, false, false, false, false, false, false], [...ids, '5ed8d943e98b']));
    const warm = replay('docker-goals-cached');
    expect(warm.table).toEqual(goals(Array(7).fill(true), [...ids, '5ed8d943e98b']));
    expect(warm.recorder.steps).toHaveLength(10);
    expect(warm.recorder.id).toBe('sha256:ddb4a08323e279ca2b63e87c2e6f03a9b986130dcb83958a7f8599eb4a3a1f90');
    expect(warm.recorder.grammar.engine).toBe('docker');
  });

  it("keeps a RUN step's own output apart from the builder's markers, and times every step", () => {
    const { steps } = replay('docker-goals-nocache');
    expect(steps[3]!.output).toMatch(/^\nadded \d+ packages in/);
    // npm's notices come on stderr, in colour; the colour's reset starts the builder's next line, and stays.
    expect(steps[3]!.output).toMatch(/\nnpm notice\n\x1b\[0m$/);
    expect(steps[3]!.output).not.toMatch(/Running in|Removing intermediate|--->/);
    expect(steps.every((step) => step.durationMs > 0)).toBe(true);
  });

  it('progress numbers the Dockerfile steps as `docker build` of that Dockerfile does, without the LABEL steps', () => {
    const { progress } = replay('docker-goals-cached');
    expect(progress.filter((line) => line.startsWith('Step'))).toEqual(
      [...GOALS, 'CMD ["node", "server.js"]'].map((instruction, i) => `Step ${i + 1}/7 : ${instruction}`),
    );
    expect(progress.join('\n')).not.toContain('dockbook.');
    expect(progress.slice(-2)).toEqual(['Successfully built ddb4a08323e2', 'Successfully tagged goals-cap:latest']);
    expect(progress).not.toContain(' ---> ddb4a08323e2');
  });

  it('numbers the steps of a multi-stage build across its stages', () => {
    const { table, progress } = replay('docker-multistage');
    expect(table).toEqual([
      [1, 'FROM busybox AS build', true, '9041a5dd95d6'],
      [2, 'RUN echo built > /out', false, '5b35ab9bb091'],
      [3, 'FROM busybox', true, '9041a5dd95d6'],
      [4, 'COPY --from=build /out /out', false, 'e7f9b8bf17a1'],
      [5, 'CMD ["cat", "/out"]', false, '747d26f7a309'],
    ]);
    expect(progress.filter((line) => line.startsWith('Step'))).toEqual([
      'Step 1/5 : FROM busybox AS build',
      'Step 2/5 : RUN echo built > /out',
      'Step 3/5 : FROM busybox',
      'Step 4/5 : COPY --from=build /out /out',
      'Step 5/5 : CMD ["cat", "/out"]',
    ]);
  });
});

describe('BuildRecorder, Podman (buildah)', () => {
  it('reads each step: instruction, cache hit, the image it made (as printed: 11 hex characters)', () => {
    const ids = ['2581b86d5b8', '505ca638778', '27213995a37', '999bdea03c1', 'a129b04db73', '9df16b513dc'];
    const cold = replay('podman-goals-nocache');
    expect(cold.table).toEqual(goals([true, false, false, false, false, false, false], [undefined, ...ids]));
    const warm = replay('podman-goals-cached');
    expect(warm.table).toEqual(goals(Array(7).fill(true), [undefined, ...ids]));
    expect(warm.recorder.grammar.engine).toBe('podman');
    // The unchanged rebuild is the same image: the appended LABEL steps came from the cache too (sorted labels).
    expect(warm.recorder.id).toBe(cold.recorder.id);
    expect(warm.recorder.id).toBe('sha256:ccefe67064c8c3ba122583c2ab4ac727204e860d46918c3e5004b2b7fd588581');
    // The last step's ID comes after its COMMIT: the appended step has it, the Dockerfile's last step its own.
    expect(warm.recorder.steps.map((step) => step.id).slice(-1)).toEqual(['ccefe67064c']);
  });

  it("keeps a RUN step's own output apart from the builder's markers, and times every step", () => {
    const { steps, recorder } = replay('podman-args');
    expect(steps.map((step) => step.instruction)).toEqual([
      'FROM busybox',
      'ARG GREETING=hello',
      'WORKDIR /app',
      'COPY . /app/',
      'RUN echo "greeting=$GREETING" && echo "$GREETING" > /greeting',
      'CMD ["cat", "/greeting"]',
    ]);
    expect(steps[4]!.output).toBe('greeting=hello\n');
    expect(steps.every((step) => step.output === '' || !step.output.includes('-->'))).toBe(true);
    expect(steps.every((step) => step.durationMs > 0)).toBe(true);
    expect(recorder.log).toContain('STEP 1/9: FROM busybox\n');
  });

  it("progress numbers the Dockerfile's steps as Podman does, without the LABEL steps; the commit shows", () => {
    const { progress } = replay('podman-goals-cached');
    expect(progress.filter((line) => line.startsWith('STEP'))).toEqual(
      [...GOALS, 'CMD ["node", "server.js"]'].map((instruction, i) => `STEP ${i + 1}/7: ${instruction}`),
    );
    expect(progress.join('\n')).not.toContain('dockbook.');
    expect(progress.slice(-6)).toEqual([
      'COMMIT docker.io/library/goals-cap:latest',
      '--> ccefe67064c',
      'Successfully tagged docker.io/library/goals-cap:latest',
      'ccefe67064c8c3ba122583c2ab4ac727204e860d46918c3e5004b2b7fd588581',
      'Successfully built ccefe67064c8',
      'Successfully tagged goals-cap',
    ]);
  });

  it("numbers a multi-stage build's steps across its stages; progress keeps Podman's per-stage numbers", () => {
    const { table, progress } = replay('podman-multistage');
    expect(table).toEqual([
      [1, 'FROM busybox AS build', true, undefined],
      [2, 'RUN echo built > /out', false, '26dce9aeab6'],
      [3, 'FROM busybox', true, undefined],
      [4, 'COPY --from=build /out /out', false, '00abafe4db0'],
      [5, 'CMD ["cat", "/out"]', false, '28aeca0f0f3'],
    ]);
    expect(progress.filter((line) => line.includes('STEP'))).toEqual([
      '[1/2] STEP 1/2: FROM busybox AS build',
      '[1/2] STEP 2/2: RUN echo built > /out',
      '[2/2] STEP 1/3: FROM busybox',
      '[2/2] STEP 2/3: COPY --from=build /out /out',
      '[2/2] STEP 3/3: CMD ["cat", "/out"]',
    ]);
  });

  it('a FROM that pulls its base is not cached, and the pull is its output', () => {
    const { steps } = replay('podman-from-pull');
    expect(steps[0]).toMatchObject({ instruction: 'FROM 127.0.0.1:5000/library/busybox:1.35.0', cached: false });
    expect(steps[0]!.output).toMatch(/^Trying to pull 127\.0\.0\.1:5000\/library\/busybox:1\.35\.0\.\.\.\n/);
    expect(steps[1]).toMatchObject({ instruction: 'RUN echo pulled', cached: false, output: 'pulled\n' });
  });

  it('the first step line decides the grammar: a Podman log read as Docker still parses', () => {
    expect(replay('podman-goals-cached', 'docker').table).toEqual(replay('podman-goals-cached').table);
    expect(replay('docker-goals-cached', 'podman').table).toEqual(replay('docker-goals-cached').table);
  });
});

/** The BUILD_FAILED error build() makes of a replayed failing build. */
function failedBuild(name: string) {
  const { recorder } = replay(name);
  expect(recorder.error).toBeDefined();
  return buildFailed('ctx', 'docker build ctx', recorder, { message: recorder.error! });
}

describe('BUILD_FAILED from a failing step', () => {
  it('a failing RUN names the step and its exit code, on either engine, and shows the log tail', () => {
    for (const name of ['docker-run-fails', 'podman-run-fails']) {
      const error = failedBuild(name);
      expect(error).toMatchObject({ code: 'BUILD_FAILED', operation: 'build', target: 'ctx' });
      expect(error.reason).toMatch(
        /^step 2 \(RUN echo before-failure && exit 3\) failed with exit code 3\. The log ends:\n/,
      );
      expect(error.reason).toContain('before-failure\n');
    }
    expect(failedBuild('podman-run-fails').daemonMessage).toBe(
      'building at STEP "RUN echo before-failure && exit 3": while running runtime: exit status 3',
    );
  });

  it('a COPY of a file the context lacks names the step and the file, in clear words, on either engine', () => {
    const docker = failedBuild('docker-copy-missing');
    expect(docker.reason.split('. The log ends:')[0]).toBe(
      'step 3 (COPY greet.js message.txt ./) failed: COPY failed: file not found in build context or excluded by ' +
        '.dockerignore: stat message.txt: file does not exist',
    );
    const podman = failedBuild('podman-copy-missing');
    expect(podman.code).toBe('BUILD_FAILED');
    expect(podman.reason.split('. The log ends:')[0]).toBe(
      'step 3 (COPY greet.js message.txt ./) failed: message.txt is not in the build context, or .dockerignore ' +
        'leaves it out (copier: stat: "/message.txt": no such file or directory)',
    );
    expect(podman.reason).not.toContain('libpod_builder');
    // The engine's own words stay available, verbatim.
    expect(podman.daemonMessage).toMatch(/^building at STEP "COPY greet\.js message\.txt \.\/": checking on sources/);
  });

  it("an unknown instruction: Podman's message without its dump of the parsed step", () => {
    const error = failedBuild('podman-unknown-instruction');
    expect(error.reason).toMatch(/^step 2 \(FROBNICATE now\) failed: Build error: Unknown instruction: "FROBNICATE"\./);
    expect(error.reason.split('. The log ends:')[0]).not.toContain('imagebuilder.Step');
  });

  it('Podman: an instruction that itself holds `": ` is taken off whole', () => {
    const grammar = grammarFor('podman');
    const instruction = 'RUN echo "a": b';
    expect(
      grammar.failure(`building at STEP "${instruction}": while running runtime: exit status 1`, instruction),
    ).toEqual({ exitCode: 1, reason: 'while running runtime: exit status 1' });
  });
});

describe('buildLabels', () => {
  const labels = { 'dockbook.session': 'db-1', 'course.chapter': '02', 'dockbook.notebook': 'nb' };

  it('Docker: the map, which the engine sorts itself', () => {
    expect(JSON.parse(buildLabels('docker', labels))).toEqual(labels);
  });

  it('Podman: a sorted ["key=value", …] list: its LABEL steps come in one order, a rebuild hits the cache', () => {
    expect(buildLabels('podman', labels)).toBe('["course.chapter=02","dockbook.notebook=nb","dockbook.session=db-1"]');
  });
});
