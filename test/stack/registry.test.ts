import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { which } from '../../src/stack/apt.ts';
import { pull } from '../../src/images/pull.ts';
import { tag } from '../../src/images/tag.ts';
import { probeRegistry, registryImageId } from '../../src/registry/api.ts';
import { registryConfig } from '../../src/registry/config.ts';
import {
  formatRegistryStatus,
  registryDown,
  registryStatus,
  registryUp,
  type RegistryStatus,
} from '../../src/stack/registry.ts';
import { useContext } from '../support/context.ts';
import { freePort, useRegistryEnv } from '../registry/fixtures.ts';

const t = useContext('registry-lifecycle');
const r = useRegistryEnv();

function listen(server: Server | ReturnType<typeof createHttpServer>, port: number): Promise<void> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
}

describe('the public registry: up, status, down', () => {
  const closers: Array<() => unknown> = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('says when no registry answers', async () => {
    const status = await registryStatus(r.env);
    expect(status).toMatchObject({
      host: `127.0.0.1:${r.env.DOCKBOOK_REGISTRY_PORT}`,
      running: false,
      owned: false,
      repositories: [],
    });
    expect(formatRegistryStatus(status)).toContain('running:      no (start it with `dockbook registry up`)');
  });

  it('starts one registry, bound to loopback only, even when asked twice at once', async () => {
    const ups = await Promise.all([registryUp({ env: r.env }), registryUp({ env: r.env })]);
    expect(ups.map((up) => up.started).sort()).toEqual([false, true]);
    const host = ups[0]!.host;
    expect(await probeRegistry(host)).toBe('registry');
    const dir = join(r.cache, 'registry', 'public');
    expect(readFileSync(join(dir, 'config.yml'), 'utf8')).toContain(`addr: ${host}\n`);
    const status = await registryStatus(r.env);
    expect(status).toMatchObject({
      running: true,
      owned: true,
      storage: join(dir, 'data'),
      logFile: join(dir, 'registry.log'),
    });
    expect(readFileSync(join(dir, 'registry.pid'), 'utf8').trim()).toBe(String(status.pid));
    expect(readFileSync(`/proc/${status.pid}/cmdline`, 'utf8')).toContain(join(dir, 'config.yml'));
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((i) => i?.family === 'IPv4' && !i.internal)?.address;
    if (outside) expect(await probeRegistry(`${outside}:${r.env.DOCKBOOK_REGISTRY_PORT}`)).toBe('none');
  });

  it('takes an anonymous push, and lists what it holds', async () => {
    const host = `127.0.0.1:${r.env.DOCKBOOK_REGISTRY_PORT}`;
    const ref = `${host}/anon-${t.ctx.session}:v1`;
    const tagged = await tag(t.ctx, 'busybox', ref);
    await execa('docker', ['push', ref]);
    expect(await registryImageId(host, `anon-${t.ctx.session}`, 'v1')).toBe(tagged.id);
    expect(await registryImageId(host, `anon-${t.ctx.session}`, 'nope')).toBeUndefined();
    expect((await registryStatus(r.env)).repositories).toContain(`anon-${t.ctx.session}`);
  });

  it('answers `dockbook registry status --json` on the command line, for both registries', async () => {
    const { stdout } = await execa('node', ['--import', 'tsx', 'src/cli/main.ts', 'registry', 'status', '--json'], {
      env: r.env,
    });
    const [pub, priv] = JSON.parse(stdout) as RegistryStatus[];
    expect(pub).toMatchObject({ kind: 'public', running: true, owned: true, pid: (await registryStatus(r.env)).pid });
    expect(priv).toMatchObject({
      kind: 'private',
      host: `127.0.0.1:${r.env.DOCKBOOK_PRIVATE_REGISTRY_PORT}`,
      running: false,
    });
  });

  it('uses a registry it did not start, and down leaves that one running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockbook-foreign-registry-'));
    const host = `127.0.0.1:${await freePort()}`;
    writeFileSync(join(dir, 'config.yml'), registryConfig(dir, host));
    const foreign = execa(which('docker-registry')!, ['serve', join(dir, 'config.yml')], {
      stdout: 'ignore',
      stderr: 'ignore',
    });
    foreign.catch(() => {});
    closers.push(async () => {
      foreign.kill();
      await foreign.catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    });
    const env = { ...r.env, DOCKBOOK_CACHE: join(r.cache, 'foreign'), DOCKBOOK_REGISTRY_PORT: host.split(':')[1] };
    const deadline = Date.now() + 10_000;
    while ((await probeRegistry(host)) !== 'registry' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await registryUp({ env })).toEqual({ host, started: false, installed: false });
    expect(await registryStatus(env)).toMatchObject({ running: true, owned: false });
    expect(await registryDown(env)).toBeUndefined();
    expect(await probeRegistry(host)).toBe('registry');
  });

  it('refuses a port where something else answers, with PORT_IN_USE', async () => {
    const port = await freePort();
    const server = createHttpServer((_, res) => res.end('not a registry'));
    await listen(server, port);
    closers.push(() => server.close());
    await expect(registryUp({ env: { ...r.env, DOCKBOOK_REGISTRY_PORT: String(port) } })).rejects.toMatchObject({
      code: 'PORT_IN_USE',
      operation: 'registry up',
      target: `127.0.0.1:${port}`,
    });
  });

  it('fails naming its log when the registry cannot start', async () => {
    const port = await freePort();
    // Accepts connections and drops them: the probe sees nothing answering, the registry cannot bind.
    const server = createServer((socket) => socket.destroy());
    await listen(server, port);
    closers.push(() => server.close());
    const env = { ...r.env, DOCKBOOK_CACHE: join(r.cache, 'taken'), DOCKBOOK_REGISTRY_PORT: String(port) };
    const log = join(r.cache, 'taken', 'registry', 'public', 'registry.log');
    const error = await registryUp({ env }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'REGISTRY_START_FAILED', operation: 'registry up', hint: `Read ${log}.` });
    expect((error as Error).message).toMatch(/docker-registry exited as it started[\s\S]*address already in use/);
    expect(existsSync(join(r.cache, 'taken', 'registry', 'public', 'owned.json'))).toBe(false);
  });

  it('down stops the registry it started; a pull from it then fails naming the registry', async () => {
    const { pid } = await registryStatus(r.env);
    expect(await registryDown(r.env)).toBe(pid);
    expect(await registryStatus(r.env)).toMatchObject({ running: false, owned: false });
    expect(existsSync(`/proc/${pid}/cmdline`) && readFileSync(`/proc/${pid}/cmdline`, 'utf8') !== '').toBe(false);
    expect(await registryDown(r.env)).toBeUndefined();
    const host = `127.0.0.1:${r.env.DOCKBOOK_REGISTRY_PORT}`;
    const error = await pull(t.ctx, `${host}/anon-${t.ctx.session}:v1`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PULL_FAILED', operation: 'pull' });
    expect((error as Error).message).toMatch(new RegExp(`${host.replace(/\./g, '\\.')}.*connection refused`));
  });
});

describe('`dockbook registry up | down` on the command line', () => {
  const cli = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    execa('node', ['--import', 'tsx', 'src/cli/main.ts', 'registry', ...args], { env });

  it('starts both registries, and stops one or both', async () => {
    const env = {
      ...r.env,
      DOCKBOOK_CACHE: join(r.cache, 'cli'),
      DOCKBOOK_REGISTRY_PORT: String(await freePort()),
      DOCKBOOK_PRIVATE_REGISTRY_PORT: String(await freePort()),
    };
    try {
      const up = await cli(env, 'up');
      expect(up.stdout).toMatch(
        new RegExp(`^public registry at http://127\\.0\\.0\\.1:${env.DOCKBOOK_REGISTRY_PORT}: started`, 'm'),
      );
      expect(up.stdout).toMatch(
        new RegExp(`^private registry at http://127\\.0\\.0\\.1:${env.DOCKBOOK_PRIVATE_REGISTRY_PORT}: started`, 'm'),
      );
      expect(await registryStatus(env, 'private')).toMatchObject({
        running: true,
        owned: true,
        access: 'login needed to pull and push',
      });

      const privatePid = (await registryStatus(env, 'private')).pid;
      expect((await cli(env, 'down', '--only', 'private')).stdout).toBe(
        `private: stopped docker-registry (pid ${privatePid})`,
      );
      expect((await registryStatus(env, 'private')).running).toBe(false);
      expect((await registryStatus(env)).running).toBe(true);

      const down = await cli(env, 'down');
      expect(down.stdout).toMatch(
        new RegExp(
          /^public: stopped docker-registry \(pid \d+\)\n/.source +
            /private: no registry started by dockbook is running; nothing stopped$/.source,
        ),
      );
      expect((await registryStatus(env)).running).toBe(false);
    } finally {
      await registryDown(env);
      await registryDown(env, 'private');
    }
  });

  it('refuses an unknown --only', async () => {
    const failed = await cli(r.env, 'status', '--only', 'secret').catch((e: { stderr: string; exitCode: number }) => e);
    // A usage error: exit code 2 (README, "Exit codes").
    expect(failed).toMatchObject({ exitCode: 2 });
    expect(failed.stderr).toMatch(/argument 'secret' is invalid\. Allowed choices are public, private/);
  });
});
