import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import type { CreateOptions } from '../../src/containers/create.ts';
import { isDockbookError } from '../../src/errors.ts';
import { openSession } from '../../src/session/open.ts';
import type { Session } from '../../src/session/session.ts';

// Each row runs the real `docker create FLAGS busybox` and the library's create() with the
// same input: both refuse (the library with INVALID_ARGUMENT, before any engine call), or both
// accept and the two containers agree on every field the input touches. Rows marked `dockbook`
// are the forms the CLI accepts and dockbook refuses on purpose, saying so.

const RUN = `parity-${process.pid}`;
const VOL = `pv-${process.pid}`;
const NAME = `pn-${process.pid}`;
const SET = 'DOCKBOOK_PARITY_SET';

interface Row {
  /** What the row is, for the test title. */
  title: string;
  flags: string[];
  options: CreateOptions;
  command?: string[];
  /** The CLI accepts it; dockbook refuses it on purpose (the reason says "dockbook"). */
  dockbook?: true;
  /** The container name the row gives (both sides get their own, suffixed -cli / -lib). */
  named?: true;
}

const host = mkdtempSync(join(tmpdir(), 'dockbook-parity-'));
mkdirSync(join(host, 'x'));
const sub = (spec: string) => spec.replaceAll('VOL', VOL).replaceAll('HOST', host);

const volumeRows: Array<[string, true?]> = [
  ['/data'],
  ['/data:ro'],
  ['/data:rw'],
  ['/data:z'],
  ['/data:nocopy'],
  ['/data:rshared'],
  ['VOL:/data'],
  ['VOL:/data:ro'],
  ['VOL:/d:z'],
  ['VOL:/d:Z'],
  ['VOL:/d:nocopy'],
  ['VOL:/d:ro,nocopy'],
  ['VOL:/d:ro,z,nocopy,cached'],
  ['VOL:/d:consistent'],
  ['VOL:/d:rw,nocopy'],
  ['VOL:/d:rshared'],
  ['HOST:/data'],
  ['HOST:/data:ro'],
  ['HOST/x:/d:Z'],
  ['HOST:/d:rshared'],
  ['HOST:/d:ro,rslave'],
  ['HOST:/d:ro,Z,rshared,cached'],
  ['HOST:/d:private'],
  ['HOST:/d:delegated'],
  ['HOST:/d:nocopy'],
  ['HOST:/d:ro,ro'],
  ['HOST:/d:ro,rw'],
  ['HOST:/d:z,Z'],
  ['HOST:/d:shared,slave'],
  ['HOST:/d:foo'],
  ['HOST:/d:RO'],
  ['HOST:/d:ro,'],
  ['HOST:/d:copy'],
  ['./x:/d'],
  ['.:/d'],
  ['..:/d:ro'],
  ['.x:/d'],
  ['HOST/../x:/d'],
  ['HOST:/d/'],
  ['HOST://d'],
  ['HOST:/d d'],
  ['/d/../e'],
  ['HOST:/'],
  ['HOST:/..'],
  ['HOST:relative'],
  ['VOL:relative'],
  [':/d'],
  ['VOL:/b:'],
  ['VOL::/d'],
  ['HOST:/b:ro:x'],
  ['HOST:/d:'],
  ['x:/d:z'],
  ['_a:/d'],
  ['-a:/d'],
  ['bad name!:/d'],
  ['~/x:/d'],
  ['c:/x:/d'],
  ['VOL:/d:foo'],
  ['/', true],
  ['relative', true],
  ['a:/data', true],
  ['a:b', true],
];

const portRows: Array<[string, true?]> = [
  ['80'],
  ['80/udp'],
  ['80/UDP'],
  ['80/sctp'],
  ['80/'],
  ['80/tcp/x'],
  ['3000:80'],
  ['0:80'],
  [':80'],
  ['::80'],
  ['080'],
  ['3000-3001:80-81'],
  ['3000-3005:80'],
  ['3000-3001:80'],
  ['80-81'],
  ['1-2-3'],
  ['127.0.0.1:3000:80'],
  ['127.0.0.1::80'],
  ['0.0.0.0:3000:80/udp'],
  ['[::1]:3000:80'],
  ['::1:3000:80'],
  ['[::1]::80'],
  ['[1.2.3.4]:80:80'],
  ['::ffff:1.2.3.4:80:80'],
  ['published=8080,target=80'],
  ['target=80'],
  ['target=53,protocol=udp'],
  ['80/icmp'],
  ['65536:80'],
  ['3000:80-81'],
  ['81-80'],
  ['1.2.3:3000:80'],
  ['localhost:3000:80'],
  ['[::1]:80'],
  ['fe80::1%eth0:3000:80'],
  ['a:80'],
  ['+80'],
  [' 80'],
  ['3000:80:'],
  ['1:2:3:4'],
  ['[::1:80:80'],
  ['-1'],
  ['3000-:80'],
  ['3000/tcp:80'],
  [''],
  ['target=80,x'],
  ['0', true],
  ['3000:0', true],
];

const rows: Row[] = [
  ...volumeRows.map(([spec, dockbook]): Row => ({
    title: `-v ${spec}`,
    flags: ['-v', sub(spec)],
    options: { volumes: [sub(spec)] },
    ...(dockbook ? { dockbook } : {}),
  })),
  {
    title: '-v VOL:/d -v HOST:/d',
    flags: ['-v', sub('VOL:/d'), '-v', sub('HOST:/d')],
    options: { volumes: [sub('VOL:/d'), sub('HOST:/d')] },
  },
  {
    title: '-v /d -v HOST:/d',
    flags: ['-v', '/d', '-v', sub('HOST:/d')],
    options: { volumes: ['/d', sub('HOST:/d')] },
  },
  {
    title: '-v HOST:/d -v HOST:/d',
    flags: ['-v', sub('HOST:/d'), '-v', sub('HOST:/d')],
    options: { volumes: [sub('HOST:/d'), sub('HOST:/d')] },
  },
  {
    title: '-v HOST:/d -v HOST:/d/',
    flags: ['-v', sub('HOST:/d'), '-v', sub('HOST:/d/')],
    options: { volumes: [sub('HOST:/d'), sub('HOST:/d/')] },
  },
  ...portRows.map(([spec, dockbook]): Row => ({
    title: `-p ${spec}`,
    flags: ['-p', spec],
    options: { ports: [spec] },
    ...(dockbook ? { dockbook } : {}),
  })),
  {
    title: '-p 3000:80 -p 3001:80 -p 80/udp',
    flags: ['-p', '3000:80', '-p', '3001:80', '-p', '80/udp'],
    options: { ports: ['3000:80', '3001:80', '80/udp'] },
  },
  ...['A=1', 'A=', 'A', 'A=b=c', 'A B=1', '1A=x', ' A=1', 'PATH=/x', SET, 'DOCKBOOK_PARITY_UNSET', '=1', '=', ''].map(
    (e): Row => ({ title: `-e ${e}`, flags: ['-e', e], options: { env: [e] } }),
  ),
  ...['/app', '/', '/a b', '/a/../b', '/app/', 'app', './app', '~'].map((w): Row => ({
    title: `-w ${w}`,
    flags: ['-w', w],
    options: { workdir: w },
  })),
  ...['sh', 'sh -c', ''].map((ep): Row => ({
    title: `--entrypoint "${ep}"`,
    flags: ['--entrypoint', ep],
    options: { entrypoint: ep },
    command: ['echo', 'hi'],
  })),
  ...['root', '1000:1000', 'nobody:', 'x:y:z'].map((u): Row => ({
    title: `-u ${u}`,
    flags: ['-u', u],
    options: { user: u },
  })),
  ...[
    ['a=1', 'a', '1'],
    ['a', 'a', ''],
    ['a=b=c', 'a', 'b=c'],
    [' a=1', ' a', '1'],
    ['=1', '', '1'],
    [' =1', ' ', '1'],
    ['a b=1', 'a b', '1'],
  ].map(([flag, key, value]): Row => ({
    title: `-l ${flag}`,
    flags: ['-l', flag!],
    options: { labels: { [key!]: value! } },
  })),
  ...['ab', 'a_b', 'a.b', 'a-b'].map((n): Row => ({
    title: `--name ${n}…`,
    flags: ['--name', `${NAME}${n}`],
    options: { name: `${NAME}${n}` },
    named: true,
  })),
  ...['a', '_ab', '.ab', '-ab', '//ab', 'a/b', 'a b', 'ä1'].map((n): Row => ({
    title: `--name ${n}`,
    flags: ['--name', n],
    options: { name: n },
  })),
];

let docker: Session;

beforeAll(async () => {
  process.env[SET] = 'from the caller';
  delete process.env.DOCKBOOK_PARITY_UNSET;
  docker = await openSession({ notebook: 'test:parity', cwd: host, sweep: false });
});

afterAll(async () => {
  const { stdout } = await execa('docker', ['ps', '-aq', '--filter', `label=dockbook.test=${RUN}`]);
  const ids = stdout.split('\n').filter(Boolean);
  if (ids.length > 0) await execa('docker', ['rm', '-f', '-v', ...ids]);
  await docker?.cleanup();
  // Named volumes the CLI made (unlabelled) or found: removed by name.
  const volumes = (await execa('docker', ['volume', 'ls', '-q'])).stdout.split('\n').filter((v) => v === VOL);
  if (volumes.length > 0) await execa('docker', ['volume', 'rm', '-f', ...volumes]);
  rmSync(host, { recursive: true, force: true });
});

/** The fields of a container that the inputs above decide, in a comparable form. */
function relevant(info: Docker.ContainerInspectInfo, suffix: string) {
  const labels = Object.fromEntries(
    Object.entries(info.Config.Labels ?? {}).filter(([k]) => !k.startsWith('dockbook.')),
  );
  return {
    name: info.Name.endsWith(suffix) ? info.Name.slice(0, -suffix.length) : '(generated)',
    binds: [...(info.HostConfig.Binds ?? [])].sort(),
    volumes: Object.keys(info.Config.Volumes ?? {}).sort(),
    mounts: (info.Mounts ?? [])
      .map((m) => ({
        type: m.Type,
        name: m.Type === 'volume' && m.Name === VOL ? m.Name : '',
        source: m.Type === 'bind' ? m.Source : '',
        destination: m.Destination,
        mode: m.Mode,
        rw: m.RW,
        propagation: m.Propagation,
      }))
      .sort((a, b) => a.destination.localeCompare(b.destination)),
    portBindings: info.HostConfig.PortBindings ?? {},
    exposedPorts: info.Config.ExposedPorts ?? {},
    env: info.Config.Env,
    workingDir: info.Config.WorkingDir,
    entrypoint: info.Config.Entrypoint,
    user: info.Config.User,
    labels,
  };
}

// Each row is independent (its own containers; the shared named volume is created idempotently).
vi.setConfig({ maxConcurrency: 16 });

describe('the library refuses what docker create refuses, and makes the same container otherwise', () => {
  it.concurrent.for(rows.map((row) => [row.title, row] as const))('%s', async ([, row], { expect }) => {
    const cliFlags = row.named ? row.flags.map((f, i) => (row.flags[i - 1] === '--name' ? `${f}-cli` : f)) : row.flags;
    const options = row.named ? { ...row.options, name: `${row.options.name}-lib` } : row.options;
    const cli = await execa(
      'docker',
      ['create', '--label', `dockbook.test=${RUN}`, ...cliFlags, 'busybox', ...(row.command ?? [])],
      { cwd: host, reject: false },
    );
    const lib = await docker.create('busybox', row.command, options).then(
      (container) => ({ container, error: undefined }),
      (error: unknown) => ({ container: undefined, error }),
    );
    if (lib.error !== undefined && !isDockbookError(lib.error, 'INVALID_ARGUMENT')) throw lib.error;
    if (row.dockbook) {
      expect(cli.exitCode, `the CLI accepts ${row.title}`).toBe(0);
      expect(lib.error, `dockbook refuses ${row.title} on purpose`).toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/dockbook/),
      });
      return;
    }
    if (cli.exitCode !== 0) {
      expect(lib.error, `the CLI refuses ${row.title}: ${cli.stderr}`).toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect((lib.error as Error).message).toMatch(/\(docker run .*\)$/);
      return;
    }
    expect(lib.error, `the CLI accepts ${row.title}`).toBeUndefined();
    const cliInfo = await docker.ctx.docker.getContainer(cli.stdout.trim()).inspect();
    const libInfo = await docker.ctx.docker.getContainer(lib.container!.id).inspect();
    expect(relevant(libInfo, '-lib')).toEqual(relevant(cliInfo, '-cli'));
  });
});

// Image references (docker tag) and volume names (docker volume create): both refuse, or both
// accept and give the same name. P keeps each name unique to this run where the grammar allows.
const P = `pr${process.pid}`;
const a = (n: number) => 'a'.repeat(n);
const references = [
  P,
  `${P}:v1`,
  `${P}:V1`,
  `${P}:_v`,
  `${P}__b`,
  `${P}--b`,
  `${P}.b`,
  `${P}/app`,
  `localhost/${P}`,
  `localhost:5000/${P}`,
  `LocalHost:5000/${P}`,
  `Reg.io/${P}`,
  `reg_io.x/${P}`,
  `${P}:5000`,
  `a:5000/${P}`,
  `docker.io/${P}-hub`,
  `${P}:${a(128)}`,
  `${P}${a(237 - P.length)}`,
  `r.io/${P}${a(250 - P.length)}`,
  `${P}A`,
  `${P}/App`,
  `Team/${P}`,
  `${P}:-v`,
  `${P}:.v`,
  `${P}:`,
  `${P}:v1:v2`,
  `${P}:${a(129)}`,
  `${P}___b`,
  `${P}..b`,
  `${P}._b`,
  `-${P}`,
  `${P}-`,
  `${P}/`,
  `/${P}`,
  `${P}//b`,
  `${P} b`,
  '',
  `reg-.io/${P}`,
  `[::1]:5000/${P}`,
  'b'.repeat(64),
  `${P}${a(238 - P.length)}`,
  `r.io/${P}${a(251 - P.length)}`,
  `${P}@sha256:abc`,
  `${P}@sha256:${a(64)}`,
];
const volumeNames = [
  'a',
  `${P}`,
  `${P}_`,
  `${P}.b`,
  `_${P}`,
  `.${P}`,
  `${P} b`,
  `${P}/b`,
  `${P}:b`,
  `ä${P}`,
  `${P}${a(255 - P.length)}`,
  `${P}${a(256 - P.length)}`,
];

describe('image references and volume names, as docker tag and docker volume create read them', () => {
  afterAll(async () => {
    const made = (await execa('docker', ['volume', 'ls', '-q'])).stdout.split('\n').filter((v) => v.startsWith(P));
    if (made.length > 0) await execa('docker', ['volume', 'rm', '-f', ...made], { reject: false });
  });

  it.concurrent.for(
    references.map(
      (ref) => [ref.length > 60 ? `${ref.slice(0, 40)}…(${ref.length})` : JSON.stringify(ref), ref] as const,
    ),
  )('docker tag busybox %s', async ([, ref], { expect }) => {
    const cli = await execa('docker', ['tag', 'busybox', ref], { reject: false });
    if (cli.exitCode === 0) await execa('docker', ['rmi', ref]);
    const lib = await docker.tag('busybox', ref).then(
      (r) => r,
      (error: unknown) => error,
    );
    if (cli.exitCode !== 0) {
      expect(lib, `the CLI refuses it: ${cli.stderr}`).toMatchObject({
        code: 'INVALID_ARGUMENT',
        command: expect.stringMatching(/^docker tag /),
      });
      return;
    }
    expect(isDockbookError(lib), `the CLI accepts it: ${String(lib)}`).toBe(false);
    const [repoTag] = JSON.parse(
      (await execa('docker', ['image', 'inspect', '--format', '{{json .RepoTags}}', ref])).stdout,
    ) as string[];
    expect(repoTag).toBeDefined();
  });

  it.concurrent.for(
    volumeNames.map(
      (name) => [name.length > 60 ? `${name.slice(0, 20)}…(${name.length})` : JSON.stringify(name), name] as const,
    ),
  )('docker volume create %s', async ([, name], { expect }) => {
    const cli = await execa('docker', ['volume', 'create', '--label', `dockbook.test=${RUN}`, '--', name], {
      reject: false,
    });
    if (cli.exitCode === 0) await execa('docker', ['volume', 'rm', name]);
    const lib = await docker.createVolume(name).then(
      (v) => v,
      (error: unknown) => error,
    );
    if (cli.exitCode !== 0) {
      expect(lib, `the CLI refuses it: ${cli.stderr}`).toMatchObject({
        code: 'INVALID_ARGUMENT',
        command: expect.stringMatching(/^docker volume create /),
      });
      return;
    }
    expect(lib, `the CLI accepts it`).toMatchObject({ name });
  });
});
