import { describe, expect, it } from 'vitest';
import { exec } from '../../src/containers/exec.ts';
import { isDockbookError } from '../../src/errors.ts';
import { useContext } from '../support/context.ts';
import { testContainer, uniqueName } from '../support/containers.ts';

const t = useContext('containers-exec');

describe('exec', () => {
  it('runs a string with sh -c and gives stdout and stderr apart', async () => {
    const { name } = await testContainer(t.ctx, 'sleep 300');
    const result = await exec(t.ctx, name, 'echo out; echo err >&2; echo more');
    expect(result).toMatchObject({ exitCode: 0, stdout: 'out\nmore\n', stderr: 'err\n' });
    expect(result.lines).toHaveLength(3);
    expect(String(result)).toMatch(/\[exit 0\]$/);
  });

  it('reports a failing command as a result with its exit code', async () => {
    const { name } = await testContainer(t.ctx, 'sleep 300');
    expect((await exec(t.ctx, name, ['sh', '-c', 'exit 42'])).exitCode).toBe(42);
    const missing = await exec(t.ctx, name, ['no-such-program']);
    expect(missing.exitCode).toBe(126);
    expect(missing.output).toContain('no-such-program');
  });

  it('takes user, workdir and env', async () => {
    const { name } = await testContainer(t.ctx, 'sleep 300');
    const result = await exec(t.ctx, name, 'id -u; pwd; echo $GREETING', {
      user: '1234',
      workdir: '/tmp',
      env: { GREETING: 'hello there' },
    });
    expect(result.lines).toEqual(['1234', '/tmp', 'hello there']);
  });

  it('feeds input on stdin, then end of input', async () => {
    const { name } = await testContainer(t.ctx, 'sleep 300');
    const result = await exec(t.ctx, name, ['sh', '-c', 'while read n; do echo $((n * 2)); done'], {
      input: '1\n2\n21\n',
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: '2\n4\n42\n' });
  });

  it('with a TTY, gives everything as stdout with plain newlines', async () => {
    const { name } = await testContainer(t.ctx, 'sleep 300');
    const result = await exec(t.ctx, name, 'echo out; echo err >&2; [ -t 1 ] && echo tty', { tty: true });
    expect(result.stdout).toBe('out\nerr\ntty\n');
    expect(result.stderr).toBe('');
  });

  it('fails with NOT_RUNNING for a stopped container, and NOT_FOUND for an unknown one', async () => {
    const { name } = await testContainer(t.ctx, 'true', { exited: true });
    const error = await exec(t.ctx, name, 'ls').catch((e: unknown) => e);
    expect(isDockbookError(error, 'NOT_RUNNING')).toBe(true);
    expect((error as Error).message).toContain('is not running');
    expect((error as Error).message).toContain(`Start it first (start("${name}"))`);
    expect((error as Error).message).toContain(`(docker exec ${name} sh -c ls)`);
    await expect(exec(t.ctx, uniqueName(t.ctx, 'missing'), 'ls')).rejects.toSatisfy((e: unknown) =>
      isDockbookError(e, 'NOT_FOUND'),
    );
  });
});
