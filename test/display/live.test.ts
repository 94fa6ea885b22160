import { describe, expect, it, vi } from 'vitest';
import { inJupyter, LiveProgress, type UpdatableDisplay } from '../../src/display/live.ts';
import { BuildRecorder } from '../../src/images/build-steps.ts';
import type { ProgressEvent } from '../../src/core/context.ts';

/** Displays that record every text they were given, and a clock the test moves. */
function harness() {
  const displays: string[][] = [];
  let time = 1_000;
  const live = new LiveProgress(
    () => {
      const shown: string[] = [];
      displays.push(shown);
      return { text: (text: string) => shown.push(text) } satisfies UpdatableDisplay;
    },
    () => time,
  );
  return { live, displays, advance: (ms: number) => (time += ms) };
}

describe('live progress in Jupyter', () => {
  it('updates one line per layer in place, draws the first event at once and at most every 100 ms after', () => {
    vi.useFakeTimers();
    try {
      const { live, displays, advance } = harness();
      live.event({ operation: 'pull', id: 'a1', status: 'Pulling fs layer' });
      live.event({ operation: 'pull', id: 'b2', status: 'Pulling fs layer' });
      live.event({ operation: 'pull', id: 'a1', status: 'Downloading', progress: '[=>  ] 1MB/4MB' });
      expect(displays).toEqual([['a1: Pulling fs layer']]);
      advance(100);
      vi.advanceTimersByTime(100);
      expect(displays[0]!.at(-1)).toBe('a1: Downloading [=>  ] 1MB/4MB\nb2: Pulling fs layer');
      live.event({ operation: 'pull', id: 'a1', status: 'Pull complete' });
      live.event({ operation: 'pull', status: '', done: true });
      expect(displays).toHaveLength(1);
      expect(displays[0]!.at(-1)).toBe('a1: Pull complete\nb2: Pulling fs layer');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("shows a build's steps and its running step's output, and keeps the last state when it ends", () => {
    const { live, displays } = harness();
    for (const status of ['Step 1/2 : FROM busybox', ' ---> 9041a5dd95d6', 'Step 2/2 : RUN echo hi', 'hi']) {
      live.event({ operation: 'build', status });
    }
    live.event({ operation: 'build', status: '', done: true });
    expect(displays[0]!.at(-1)).toBe('Step 1/2 : FROM busybox\nStep 2/2 : RUN echo hi\n  hi');
  });

  it("knows Podman's step lines too, a stage's prefixed ones as well", () => {
    const { live, displays } = harness();
    for (const status of ['STEP 1/2: FROM busybox', 'STEP 2/2: RUN echo hi', 'hi', '--> 292a245a7d7']) {
      live.event({ operation: 'build', status });
    }
    live.event({ operation: 'build', status: '[2/2] STEP 1/1: FROM node' });
    live.event({ operation: 'build', status: '', done: true });
    expect(displays[0]!.at(-1)).toBe('STEP 1/2: FROM busybox\nSTEP 2/2: RUN echo hi\n[2/2] STEP 1/1: FROM node');
  });

  it("streams a container's output as it comes, and empties the display when the run ends", () => {
    const { live, displays } = harness();
    live.event({ operation: 'run', status: 'line 1\nline' });
    expect(displays[0]).toEqual(['line 1\nline']);
    live.event({ operation: 'run', status: '', done: true });
    expect(displays[0]!.at(-1)).toBe('');
  });

  it('starts a new display for the next operation, and never throws when a display fails', () => {
    const { live, displays } = harness();
    live.event({ operation: 'build', status: 'Step 1/1 : FROM busybox' });
    live.event({ operation: 'build', status: '', done: true });
    live.event({ operation: 'build', status: 'Step 1/1 : FROM node' });
    expect(displays).toEqual([['Step 1/1 : FROM busybox', 'Step 1/1 : FROM busybox'], ['Step 1/1 : FROM node']]);
    const broken = new LiveProgress(() => ({
      text: () => {
        throw new Error('display gone');
      },
    }));
    expect(() => broken.event({ operation: 'run', status: 'x' })).not.toThrow();
  });

  it("is on only in a learner's Jupyter kernel, never under dockbook's runner", () => {
    expect(inJupyter({ JPY_PARENT_PID: '1' }, ['node'])).toBe(true);
    expect(inJupyter({}, ['node', '/x/node_modules/tslab/bin/tslab'])).toBe(true);
    expect(inJupyter({ JPY_PARENT_PID: '1', DOCKBOOK_RUN: 'run:01' }, ['node'])).toBe(false);
    expect(inJupyter({}, ['node', 'script.js'])).toBe(false);
  });
});

describe("a build's progress", () => {
  it("counts the Dockerfile's steps only: the LABEL steps the engine appends for labels are not shown", () => {
    const events: ProgressEvent[] = [];
    const recorder = new BuildRecorder((event) => events.push(event), 2);
    for (const line of [
      'Step 1/4 : FROM busybox',
      ' ---> 9041a5dd95d6',
      'Step 2/4 : RUN true',
      ' ---> abc',
      'Step 3/4 : LABEL dockbook.session=x',
      ' ---> Running in 123',
      'Step 4/4 : LABEL dockbook.notebook=y',
      ' ---> def',
      'Successfully built def',
      '',
    ])
      recorder.add({ stream: `${line}\n` });
    expect(events.map((event) => event.status)).toEqual([
      'Step 1/2 : FROM busybox',
      ' ---> 9041a5dd95d6',
      'Step 2/2 : RUN true',
      ' ---> abc',
      'Successfully built def',
      '',
    ]);
    expect(recorder.log).toContain('Step 3/4 : LABEL dockbook.session=x');
  });
});
