import { describe, expect, it } from 'vitest';
import { attach } from '../../src/containers/attach.ts';
import { inspect } from '../../src/containers/inspect.ts';
import { ps } from '../../src/containers/ps.ts';
import { create, run } from '../../src/containers/run.ts';
import { stop } from '../../src/containers/stop.ts';
import { wait } from '../../src/containers/wait.ts';
import { usePodmanContext } from '../support/podman.ts';

// The same calls on Podman (DOCKBOOK_PODMAN_HOST) give what they give on Docker (test/containers/*.test.ts there).
const t = usePodmanContext('containers-podman-io');

describe('container I/O on Podman', () => {
  it('-i: the program reads exactly what was sent (nothing of the attach request)', async () => {
    const r = await run(t.ctx, 'busybox', 'od -c', { rm: true, input: 'hi\n' });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('0000000   h   i  \\n\n0000003\n');
  });

  it('-it: a prompting program answers, echoes and exits 0', async () => {
    const r = await run(
      t.ctx,
      'busybox',
      'printf "First: "; read a; printf "Second: "; read b; echo "Sum: $((a + b))"',
      {
        interactive: true,
        tty: true,
        input: [
          { wait: 'First: ', send: '3\n' },
          { wait: 'Second: ', send: '4\n' },
        ],
      },
    );
    expect(r.exitCode).toBe(0);
    expect(r.lines).toEqual(['First: 3', 'Second: 4', 'Sum: 7']);
  });

  it('--rm keeps the exit code, and the container is gone when run returns', async () => {
    const r = await run(t.ctx, 'busybox', 'echo bye; exit 3', { rm: true });
    expect([r.exitCode, r.stdout]).toEqual([3, 'bye\n']);
    expect((await ps(t.ctx, { all: true })).map((c) => c.id)).not.toContain(r.id);
  });

  it('attach with input drives a running -i container', async () => {
    const cat = await run(t.ctx, 'busybox', 'cat', { detach: true, interactive: true });
    const seen = await attach(t.ctx, cat, { input: 'hello\n', until: /hello/ });
    expect(seen.output).toBe('hello\n');
    await stop(t.ctx, cat, { timeoutSeconds: 0 });
  });

  it('wait on a container that never ran gives 0, as Docker does (Podman answers -1)', async () => {
    const never = await create(t.ctx, 'busybox', 'exit 4');
    expect((await wait(t.ctx, never)).exitCode).toBe(0);
  });

  it('stop: a second stop says it was not running; an --rm container stopped gives its exit code', async () => {
    const name = `podman-stop-${t.ctx.session}`;
    await run(t.ctx, 'busybox', "trap 'exit 0' TERM; sleep 300 & wait", { detach: true, name });
    expect(await stop(t.ctx, name, { timeoutSeconds: 5 })).toMatchObject({ wasRunning: true, exitCode: 0 });
    expect(await stop(t.ctx, name, { timeoutSeconds: 5 })).toMatchObject({ wasRunning: false, exitCode: 0 });
    const once = await run(t.ctx, 'busybox', "trap 'exit 7' TERM; sleep 300 & wait", { detach: true, rm: true });
    expect(await stop(t.ctx, once, { timeoutSeconds: 5 })).toMatchObject({
      wasRunning: true,
      exitCode: 7,
      removed: true,
    });
  });

  it("ps, inspect and the values show Docker's image names, states and COMMAND", async () => {
    const name = `podman-ps-${t.ctx.session}`;
    const up = await run(t.ctx, 'busybox', 'sleep 600', { detach: true, name });
    expect(String(up)).toBe(`container ${name} (${up.shortId}) from busybox:latest`);
    const done = await run(t.ctx, 'busybox', 'exit 0');
    const rows = await ps(t.ctx, { all: true });
    expect(rows.find((c) => c.name === name)).toMatchObject({
      image: 'busybox:latest',
      command: "sh -c 'sleep 600'",
      state: 'running',
    });
    expect(rows.find((c) => c.id === done.id)).toMatchObject({ image: 'busybox:latest', state: 'exited' });
    expect(rows.toString()).toContain(`"sh -c 'sleep 600'"`);
    const info = await inspect(t.ctx, done.id);
    expect([info.image, info.state.status]).toEqual(['busybox:latest', 'exited']);
    await stop(t.ctx, up, { timeoutSeconds: 0 });
  });
});
