import { describe, expect, it } from 'vitest';
import { run } from '../../src/containers/run.ts';
import { LOG_TAIL_LINES, type RunFailure } from '../../src/containers/run-result.ts';
import { DockbookError } from '../../src/errors.ts';
import { useContext } from '../support/context.ts';

const t = useContext('run-failure');

async function failure(made: Promise<unknown>): Promise<RunFailure> {
  const error = await made.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DockbookError);
  return error as RunFailure;
}

async function labelledCount(): Promise<number> {
  await Promise.allSettled([...t.ctx.pending]);
  return (await t.ctx.docker.listContainers({ all: true, filters: { label: [`dockbook.session=${t.ctx.session}`] } }))
    .length;
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('a failed run carries the tail of the container output', () => {
  it(
    'a timeout: the last 20 lines, in logTail and once ' + 'in the message and stack, and nothing left behind',
    async () => {
      const before = await labelledCount();
      const error = await failure(
        run(t.ctx, 'busybox', 'for i in $(seq 1 50); do echo line $i; done; sleep 30', { timeoutMs: 4000 }),
      );
      expect(error.code).toBe('TIMEOUT');
      expect(error.logTail).toEqual(Array.from({ length: LOG_TAIL_LINES }, (_, i) => `line ${i + 31}`));
      expect(error.message).toMatch(
        new RegExp(
          /^\[run\] image busybox:latest: it did not finish within 4s\..*\n/.source +
            /The last 20 lines of its output:\n {2}line 31\n/.source,
          's',
        ),
      );
      expect(error.message.endsWith('\n  line 50')).toBe(true);
      expect(count(error.message, 'line 50')).toBe(1);
      expect(error.message).not.toContain('line 30\n');
      expect(error.stack).toContain('  line 50');
      expect(await labelledCount()).toBe(before);
    },
  );

  it('a short output is shown whole, stdout and stderr as they came', async () => {
    const controller = new AbortController();
    const made = run(t.ctx, 'busybox', 'echo starting; sleep 0.3; echo "config missing" >&2; sleep 30', {
      rm: true,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 3000);
    const error = await failure(made);
    expect(error.code).toBe('ABORTED');
    expect(error.logTail).toEqual(['starting', 'config missing']);
    expect(error.message).toContain('\nIts output:\n  starting\n  config missing');
    expect(error.message).not.toContain('The last');
  });

  it('a start that fails (a missing executable): the engine reason, and an empty logTail adds nothing', async () => {
    const error = await failure(run(t.ctx, 'busybox', ['no-such-program-dockbook'], { rm: true }));
    expect(error.message).toMatch(/no-such-program-dockbook/);
    expect(error.logTail).toEqual([]);
    expect(error.message).not.toContain('output:');
    // The hint is said, in the message, before the command.
    expect(error.hint.length).toBeGreaterThan(10);
    expect(error.message).toContain(error.hint.split(/(?<=\.)\s/)[0]!);
    expect(error.command).toBe('docker run --rm busybox no-such-program-dockbook');
  });

  it('a non-zero exit is a result, not an error (as the CLI prints it)', async () => {
    const r = await run(t.ctx, 'busybox', 'echo broken; exit 3', { rm: true });
    expect(r.exitCode).toBe(3);
    expect(String(r)).toBe('broken\n[exit 3]');
  });
});
