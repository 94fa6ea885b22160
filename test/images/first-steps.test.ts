import { describe, expect, it } from 'vitest';
import { stageEntries } from '../../src/images/first-steps.ts';

describe("stageEntries: where a build can enter other builds' layers", () => {
  it("names each stage's base and first instruction, normalised", () => {
    expect(stageEntries('FROM node\n\nWORKDIR  /app\nCOPY . .\n')).toEqual([
      { base: 'node', instruction: 'WORKDIR /app' },
    ]);
    expect(
      stageEntries(
        '# syntax comment\nfrom node:20 as build\n# a comment\nrun npm ci \\\n  && npm test\nFROM busybox\n' +
          'COPY --from=build /app /app\n',
      ),
    ).toEqual([
      { base: 'node:20', instruction: 'RUN npm ci && npm test' },
      { base: 'busybox', instruction: 'COPY --from=build /app /app' },
    ]);
  });

  it('substitutes ARGs declared before FROM, with build args winning over defaults', () => {
    const text = 'ARG BASE=node\nFROM ${BASE}\nCMD ["node"]\n';
    expect(stageEntries(text)).toEqual([{ base: 'node', instruction: 'CMD ["node"]' }]);
    expect(stageEntries(text, { BASE: 'goals-1234' })).toEqual([{ base: 'goals-1234', instruction: 'CMD ["node"]' }]);
  });

  it('leaves out a stage built on an earlier stage, and a stage with no instruction', () => {
    expect(stageEntries('FROM node AS deps\nRUN npm ci\nFROM deps\nCOPY . .\nFROM busybox\n')).toEqual([
      { base: 'node', instruction: 'RUN npm ci' },
    ]);
  });

  it('gives undefined for what it cannot read: no FROM, or an instruction before the first FROM', () => {
    expect(stageEntries('RUN echo\n')).toBeUndefined();
    expect(stageEntries('')).toBeUndefined();
    expect(stageEntries('COPY . .\nFROM node\n')).toBeUndefined();
  });
});
