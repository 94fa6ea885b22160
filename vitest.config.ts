import { defineConfig } from 'vitest/config';

// Tests that need no Docker engine, registry or kernel: they run in the `unit` project, which
// brings nothing up (`npx vitest run --project unit`). Everything else is the `engine` project,
// whose global setup brings the engine up (installing it if needed), seeds the base images, and
// stops an engine it started when the run ends, pass or fail. `npm run test:unit` runs the unit
// project with DOCKER_HOST pointing nowhere, so a unit test that starts needing an engine fails.
export const UNIT_TESTS = [
  'test/architecture/layers.test.ts',
  'test/architecture/line-length.test.ts',
  'test/check.test.ts',
  'test/cli/readme.test.ts',
  'test/containers/output-linear.test.ts',
  'test/containers/ref.test.ts',
  'test/core/classify.test.ts',
  'test/core/endpoint.test.ts',
  'test/core/lock.test.ts',
  'test/display/printable.test.ts',
  'test/display/show.test.ts',
  'test/display/units.test.ts',
  'test/files/placement.test.ts',
  'test/images/first-steps.test.ts',
  'test/input/specs.test.ts',
  'test/net/http.test.ts',
  'test/notebook/format/decode.test.ts',
  'test/notebook/format/fence.test.ts',
  'test/notebook/format/fences.test.ts',
  'test/notebook/format/header.test.ts',
  'test/notebook/format/info.test.ts',
  'test/notebook/format/ipynb.test.ts',
  'test/notebook/format/languages.test.ts',
  'test/notebook/format/lines.test.ts',
  'test/notebook/format/options.test.ts',
  'test/notebook/format/parse.test.ts',
  'test/notebook/format/update.test.ts',
  'test/notebook/jupyter/replay.test.ts',
  'test/notebook/kernel/collect.test.ts',
  'test/notebook/kernel/command.test.ts',
  'test/notebook/kernel/connection.test.ts',
  'test/notebook/kernel/kernelspec.test.ts',
  'test/notebook/kernel/messages.test.ts',
  'test/notebook/kernel/wire.test.ts',
  'test/notebook/verify/diff.test.ts',
  'test/notebook/verify/ellipsis.test.ts',
  'test/notebook/verify/error-part.test.ts',
  'test/notebook/verify/line-match.test.ts',
  'test/notebook/verify/magnitude.test.ts',
  'test/notebook/verify/match.test.ts',
  'test/notebook/verify/normalize.test.ts',
  'test/notebook/verify/output-text.test.ts',
  'test/notebook/verify/raises.test.ts',
  'test/notebook/verify/values.test.ts',
  'test/notebooks/concepts.test.ts',
  'test/render/guide.test.ts',
  'test/render/highlight.test.ts',
  'test/render/page.test.ts',
  'test/stack/apt.test.ts',
  'test/stack/owned-process.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT_TESTS } },
      {
        extends: true,
        test: {
          name: 'engine',
          include: ['test/**/*.test.ts'],
          exclude: ['test/fixtures/**', ...UNIT_TESTS],
          globalSetup: ['test/setup/engine.ts'],
        },
      },
    ],
  },
});
