import { describe, expect, it } from 'vitest';
import { cli, splitArgs } from '../src/docker-cli.ts';
import { isDockbookError, type DockbookError } from '../src/errors.ts';
import { useContext } from './support/context.ts';
import { testContainer, uniqueName } from './support/containers.ts';

const t = useContext('cli');

const labelFlags = () => Object.entries(t.ctx.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);

describe('splitArgs', () => {
  it('splits like a shell for the simple cases', () => {
    expect(splitArgs(`ps -a   --format '{{.Names}} {{.Status}}'`)).toEqual([
      'ps',
      '-a',
      '--format',
      '{{.Names}} {{.Status}}',
    ]);
    expect(splitArgs(`run busybox sh -c "echo \\"hi\\" \\$HOME" ''`)).toEqual([
      'run',
      'busybox',
      'sh',
      '-c',
      'echo "hi" $HOME',
      '',
    ]);
    expect(splitArgs(`a\\ b c`)).toEqual(['a b', 'c']);
    expect(() => splitArgs(`ps 'open`)).toThrow(/quote is not closed/);
  });
});

describe('cli', () => {
  it('runs the real docker CLI against the same engine as the session', async () => {
    const version = await cli(t.ctx, ['version', '--format', '{{.Server.APIVersion}}']);
    expect(version.stdout.trim()).toBe(t.ctx.engine.serverApiVersion);
    const { name } = await testContainer(t.ctx, 'sleep 300');
    const result = await cli(t.ctx, `ps --filter label=dockbook.session=${t.ctx.session} --format '{{.Names}}'`);
    expect(result).toMatchObject({ exitCode: 0, lines: [name], stderr: '' });
    expect(result.command).toBe(`docker ps --filter label=dockbook.session=${t.ctx.session} --format '{{.Names}}'`);
    expect(String(result)).toBe(`$ ${result.command}\n${name}`);
  });

  it('passes input on stdin', async () => {
    const result = await cli(t.ctx, ['run', '--rm', '-i', ...labelFlags(), 'busybox', 'tr', 'a-z', 'A-Z'], {
      input: 'shout\n',
    });
    expect(result.stdout).toBe('SHOUT\n');
  });

  it('throws a classified DockbookError carrying the command when the CLI fails', async () => {
    const missing = uniqueName(t.ctx, 'missing');
    const error = await cli(t.ctx, `rm ${missing}`).catch((e: unknown) => e);
    expect(isDockbookError(error, 'NOT_FOUND')).toBe(true);
    expect((error as Error).message).toContain(`No such container: ${missing}`);
    expect((error as { command: string }).command).toBe(`docker rm ${missing}`);

    const { name } = await testContainer(t.ctx, 'sleep 300');
    await expect(cli(t.ctx, `rm ${name}`)).rejects.toSatisfy((e: unknown) => isDockbookError(e, 'CONFLICT_RUNNING'));
    const usage = await cli(t.ctx, 'ps --no-such-flag').catch((e: unknown) => e);
    expect(isDockbookError(usage, 'INVALID_ARGUMENT')).toBe(true);
    expect((usage as Error).message).toBe(
      '[cli] docker ps --no-such-flag: unknown flag: --no-such-flag. Check the arguments: docker ps --help lists them.',
    );
  });

  it('with reject: false, gives the failure as a result', async () => {
    const result = await cli(t.ctx, `inspect ${uniqueName(t.ctx, 'missing')}`, { reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('No such object');
  });

  it('fails with TIMEOUT when the command outlives timeoutMs', async () => {
    const error = await cli(t.ctx, 'events', { timeoutMs: 500 }).catch((e: unknown) => e);
    expect(isDockbookError(error, 'TIMEOUT')).toBe(true);
    expect((error as Error).message).toMatch(/^\[cli\] docker events: it did not finish within 0.5s\./);
    expect((error as DockbookError).command).toBe('docker events');
  });
});
