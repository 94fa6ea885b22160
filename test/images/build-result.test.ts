import { describe, expect, it } from 'vitest';
import { BuildResult, stepListing } from '../../src/images/build-result.ts';
import type { BuildStep } from '../../src/images/build-steps.ts';
import { DockbookError } from '../../src/errors.ts';

const ID = `sha256:3f2a1c9d8e7b${'0'.repeat(52)}`;
const step = (index: number, instruction: string, cached = false): BuildStep => ({
  index,
  instruction,
  cached,
  durationMs: 100,
  output: '',
});
const STEPS = [
  step(1, 'FROM node', true),
  step(2, 'WORKDIR /app', true),
  step(3, 'COPY package.json /app', true),
  step(4, 'RUN npm install', true),
  step(5, 'COPY . /app'),
  step(6, 'CMD ["node", "server.js"]'),
];
const result = (tags: string[], steps = STEPS) =>
  new BuildResult({ id: ID, tags, steps: stepListing(steps), durationMs: 2310, log: '' });

/** The DockbookError a call throws. */
function thrown(call: () => unknown): DockbookError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(DockbookError);
    return error as DockbookError;
  }
  throw new Error('it did not throw');
}

describe('BuildResult', () => {
  it('tag: the first tag -t gave it', () => {
    expect(result(['goals:v1', 'goals:latest']).tag).toBe('goals:v1');
  });

  it('tag: a build without a tag has none, and says what to do', () => {
    const error = thrown(() => result([]).tag);
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      operation: 'BuildResult.tag',
      target: 'image 3f2a1c9d8e7b',
      reason: 'it was built without a tag',
    });
    expect(error.hint).toMatch(/tags: \['name'\].*or use its id/);
  });

  it('step: by the whole instruction, or by its start when only one step has it', () => {
    const built = result(['goals']);
    expect(built.step('RUN npm install')).toBe(built.steps[3]);
    expect(built.step('RUN')).toBe(built.steps[3]);
    expect(built.step('COPY .')).toBe(built.steps[4]);
    expect(built.step('CMD ["node", "server.js"]').index).toBe(6);
  });

  it('step: an exact instruction wins over a longer one it starts', () => {
    const built = result(['x'], [step(1, 'FROM busybox'), step(2, 'RUN true'), step(3, 'RUN true && echo more')]);
    expect(built.step('RUN true').index).toBe(2);
  });

  it('step: none is NOT_FOUND, naming every step of the build', () => {
    const error = thrown(() => result(['goals']).step('RUN npm ci'));
    expect(error).toMatchObject({ code: 'NOT_FOUND', operation: 'BuildResult.step', target: 'step "RUN npm ci"' });
    expect(error.reason).toBe(
      'no step of the build of 3f2a1c9d8e7b has that instruction; its steps: 1 FROM node; 2 WORKDIR /app; ' +
        '3 COPY package.json /app; 4 RUN npm install; 5 COPY . /app; 6 CMD ["node", "server.js"]',
    );
  });

  it('step: several is AMBIGUOUS_PREFIX, naming them', () => {
    const error = thrown(() => result(['goals']).step('COPY'));
    expect(error).toMatchObject({ code: 'AMBIGUOUS_PREFIX', target: 'step "COPY"' });
    expect(error.reason).toBe(
      '2 steps of the build of 3f2a1c9d8e7b have that instruction: 3 COPY package.json /app; 5 COPY . /app',
    );
    expect(error.hint).toMatch(/steps\[n - 1\]/);
  });

  it('step: checks its argument', () => {
    for (const wrong of [undefined, '', 4, /RUN/]) {
      expect(thrown(() => result(['goals']).step(wrong as never))).toMatchObject({
        code: 'INVALID_ARGUMENT',
        operation: 'BuildResult.step',
        target: 'argument instruction',
      });
    }
    expect(thrown(() => (result(['goals']).step as (...a: unknown[]) => unknown)('RUN', 'extra'))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      target: 'argument 2',
    });
  });

  it('prints as before: the helpers add no field', () => {
    const built = result(['goals:v1']);
    expect(Object.keys(built).sort()).toEqual(['durationMs', 'id', 'log', 'steps', 'tags']);
    expect(String(built)).toMatch(/\nbuilt 3f2a1c9d8e7b as goals:v1 in 2\.3s$/);
  });
});
