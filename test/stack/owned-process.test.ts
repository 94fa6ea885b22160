import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  processMatches,
  readOwnedProcess,
  startOwnedProcess,
  stopOwnedProcess,
  type OwnedProcess,
} from '../../src/stack/owned-process.ts';
import { DockbookError } from '../../src/errors.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) {
    await stopOwnedProcess(dir, 2_000, 'child.pid');
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A folder whose path is the marker: it is on the child's command line, nowhere else. */
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockbook-owned-'));
  dirs.push(dir);
  return dir;
}

/** Node running `script`, with the folder on its command line (the marker). */
function start(dir: string, script: string, ready: () => Promise<boolean>, timeoutMs = 5_000) {
  return startOwnedProcess<OwnedProcess>({
    bin: process.execPath,
    args: ['-e', script, dir],
    dir,
    logName: 'child.log',
    pidFile: 'child.pid',
    record: { host: 'test', marker: dir },
    ready,
    pollMs: 20,
    timeoutMs,
    failure: { code: 'ENGINE_START_FAILED', operation: 'test up', target: 'test', command: `sh ${dir}` },
  });
}

describe('owned processes (dockerd and docker-registry share this)', () => {
  it('starts, records, finds and stops its own process, and only it', async () => {
    const dir = folder();
    const owned = await start(dir, 'console.log("started"); setInterval(() => {}, 60_000)', async () =>
      readFileSync(join(dir, 'child.log'), 'utf8').includes('started'),
    );
    expect(processMatches(owned.pid, dir)).toBe(true);
    expect(readFileSync(join(dir, 'child.pid'), 'utf8')).toBe(`${owned.pid}\n`);
    expect(readOwnedProcess(dir, 'child.pid')).toEqual(owned);
    expect(await stopOwnedProcess(dir, 2_000, 'child.pid')).toBe(owned.pid);
    expect(processMatches(owned.pid, dir)).toBe(false);
    expect(existsSync(join(dir, 'owned.json'))).toBe(false);
    expect(existsSync(join(dir, 'child.pid'))).toBe(false);
    expect(await stopOwnedProcess(dir, 2_000, 'child.pid')).toBeUndefined();
    expect(readFileSync(owned.logFile, 'utf8')).toContain('started');
  });

  it('forgets a record whose pid now runs something else, and never signals it', () => {
    const dir = folder();
    // This test's own pid is alive but its command line does not hold the marker.
    const stranger: OwnedProcess = { pid: process.pid, host: 'x', startedAt: '', logFile: '', marker: dir };
    writeFileSync(join(dir, 'owned.json'), JSON.stringify(stranger));
    writeFileSync(join(dir, 'child.pid'), `${process.pid}\n`);
    expect(readOwnedProcess(dir, 'child.pid')).toBeUndefined();
    expect(existsSync(join(dir, 'owned.json'))).toBe(false);
    expect(existsSync(join(dir, 'child.pid'))).toBe(false);
  });

  it('still knows its process while a wrapper execs it (the command line is empty for a moment)', async () => {
    const dir = folder();
    // 200 execs in a row, the marker on each command line, as `nsenter … unshare … sh -c … dockerd` does in 3.
    const again = 'n=$1; if [ "$n" -gt 0 ]; then exec sh -c "$0" "$0" "$((n - 1))" "$2"; fi; sleep 2';
    const child = spawn('sh', ['-c', again, again, '200', dir], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let reads = 0;
    let lost = 0;
    const until = Date.now() + 1_000;
    while (Date.now() < until) {
      reads += 1;
      if (!processMatches(child.pid!, dir)) lost += 1;
    }
    expect({ reads: reads > 100, lost }).toEqual({ reads: true, lost: 0 });
    child.kill();
    await exited;
    expect(processMatches(child.pid!, dir)).toBe(false);
  });

  it('reports a process that exits as it starts, quoting its log', async () => {
    const dir = folder();
    const error = await start(dir, 'console.error("bad flag --nope"); process.exit(3)', async () => false).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DockbookError);
    const failure = error as DockbookError;
    expect(failure.code).toBe('ENGINE_START_FAILED');
    expect(failure.message).toContain('node exited as it started');
    expect(failure.message).toContain('bad flag --nope');
    expect(failure.hint).toContain(join(dir, 'child.log'));
    expect(existsSync(join(dir, 'owned.json'))).toBe(false);
  });

  it('stops and reports a process that never becomes ready', async () => {
    const dir = folder();
    const error = await start(dir, 'setInterval(() => {}, 60_000)', async () => false, 300).catch((e: unknown) => e);
    expect((error as DockbookError).message).toContain('node did not answer within 0.3s');
    expect(existsSync(join(dir, 'owned.json'))).toBe(false);
    const deadline = Date.now() + 2_000;
    let alive = true;
    while (alive && Date.now() < deadline) {
      alive = (await import('node:child_process')).execFileSync('ps', ['-eo', 'args']).toString().includes(dir);
      if (alive) await new Promise((r) => setTimeout(r, 50));
    }
    expect(alive).toBe(false);
  });
});
