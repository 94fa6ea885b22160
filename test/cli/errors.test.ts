import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/failure.ts';
import { commandPath, packageVersion, program } from '../../src/cli/program.ts';

const root = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'dockbook-cli-errors-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

const good = join(root, 'test/notebook/run/fixtures/passing.md');
const empty = join(dir, 'empty');
mkdirSync(empty);
const badHeader = file('bad-header.md', '---\njupyter: [not, a, map\n---\n# x\n');
const noHeader = file('no-header.md', '# A notebook without its header\n');
const badFence = join(root, 'test/notebook/format/fixtures/errors/unclosed-fence.md');
const brokenIpynb = file('broken.ipynb', '{"nbformat": 4, "cells": [');
const oldIpynb = file('old.ipynb', '{"nbformat": 3, "worksheets": []}');
const strangeIpynb = file('strange.ipynb', '{"nbformat": 4, "cells": [{"cell_type": "code"}]}');
const out = join(dir, 'out.md');

// No engine answers here, and there is no dockerd to start: a command that gets past its
// inputs fails with exit code 4, and one that must not get there shows it did not.
const bin = join(dir, 'bin');
mkdirSync(bin);
symlinkSync(process.execPath, join(bin, 'node'));
const env = {
  PATH: bin,
  DOCKER_HOST: `unix://${join(dir, 'no-engine.sock')}`,
  DOCKBOOK_CACHE: join(dir, 'cache'),
  HOME: dir,
  DOCKER_CONFIG: join(dir, 'docker'),
};

const dockbook = (args: string[], extra: Record<string, string> = {}) =>
  execa(process.execPath, [join(root, 'bin', 'dockbook.js'), ...args], {
    reject: false,
    cwd: dir,
    env: { ...env, ...extra },
    extendEnv: false,
    timeout: 60_000,
  });

/** Every command with bad input: its arguments, the exit code, and what the one line must name. */
const CASES: Array<[args: string[], exitCode: number, names: RegExp]> = [
  [['bogus'], EXIT.usage, /unknown command 'bogus'/],
  [['--bogus'], EXIT.usage, /unknown option '--bogus'/],
  [['run', 'nosuch.md'], EXIT.input, /nosuch\.md: no such file/],
  [['run', good, 'nosuch.md'], EXIT.input, /nosuch\.md: no such file/],
  [['run', empty], EXIT.input, /empty: the folder holds no notebooks/],
  [['run', badHeader], EXIT.input, /bad-header\.md:2: the YAML header is not valid YAML/],
  [['run', noHeader], EXIT.input, /no-header\.md:1: missing the YAML header/],
  [['run', badFence], EXIT.input, /unclosed-fence\.md:\d+: /],
  [['run', brokenIpynb], EXIT.input, /broken\.ipynb: a Jupyter notebook.*dockbook import/],
  [['run', '--stric'], EXIT.usage, /unknown option '--stric' \(did you mean --strict\?\)/],
  [['run', '-j', '0', good], EXIT.usage, /option '-j, --jobs <n>' argument '0' is invalid\. It takes a whole number/],
  [['run', '--jobs', 'abc'], EXIT.usage, /option '-j, --jobs <n>' argument 'abc' is invalid.*-j 1 runs them one/],
  [['run', '-j', '-1', 'nosuch.md'], EXIT.usage, /argument '-1' is invalid\. It takes a whole number of 1 or more/],
  [['update', '-j', '1.5'], EXIT.usage, /option '-j, --jobs <n>' argument '1\.5' is invalid/],
  [['start', '-j', '0'], EXIT.usage, /option '-j, --jobs <n>' argument '0' is invalid/],
  [['update', 'nosuch.md'], EXIT.input, /nosuch\.md: no such file/],
  [['update', badFence], EXIT.input, /unclosed-fence\.md:\d+: /],
  [['update', '--strict'], EXIT.usage, /unknown option '--strict'/],
  [['start', 'extra'], EXIT.usage, /too many arguments/],
  [['export', 'nosuch.md'], EXIT.input, /nosuch\.md: no such file/],
  [['export', '--out', dir, badHeader], EXIT.input, /bad-header\.md:2: /],
  [['export', '--out', '/dev/null/x', good], EXIT.input, /cannot create \/dev\/null\/x/],
  [['import'], EXIT.usage, /missing required argument 'ipynb'/],
  [['import', 'nosuch.ipynb', '--out', out], EXIT.input, /nosuch\.ipynb: no such file/],
  [['import', brokenIpynb, '--out', out], EXIT.input, /broken\.ipynb: not a Jupyter notebook: it is not valid JSON/],
  [['import', oldIpynb, '--out', out], EXIT.input, /old\.ipynb:1: not an nbformat 4 notebook/],
  [
    ['import', strangeIpynb, '--out', out],
    EXIT.input,
    /strange\.ipynb: not an nbformat 4 notebook that dockbook can read/,
  ],
  [['import', empty, '--out', out], EXIT.input, /empty: a folder, not the \.ipynb notebook/],
  [['render', '--notebooks', join(dir, 'nosuch')], EXIT.input, /nosuch: no such file or folder.*--notebooks/],
  [['render', '--notebooks', empty, '--out', join(dir, 'site')], EXIT.input, /empty: the folder holds no notebooks/],
  [['render', 'extra'], EXIT.usage, /too many arguments/],
  [['index', '--catalogue', 'nosuch.md'], EXIT.input, /nosuch\.md: no such file.*concept catalogue/],
  [['index', 'extra'], EXIT.usage, /too many arguments/],
  [['clean', '--bogus'], EXIT.usage, /unknown option '--bogus'/],
  [['clean'], EXIT.environment, /no engine answers there/],
  [['engine', 'bogus'], EXIT.usage, /unknown command 'bogus'/],
  [['engine', 'up', '--bogus'], EXIT.usage, /unknown option '--bogus'/],
  [['engine', 'up', '--no-install'], EXIT.environment, /no engine answers there/],
  [['engine', 'down', 'extra'], EXIT.usage, /too many arguments/],
  [['engine', 'status'], EXIT.environment, /no engine answers there/],
  [['images', 'bogus'], EXIT.usage, /unknown command 'bogus'/],
  [['images', 'seed', 'nosuch'], EXIT.usage, /'nosuch' is invalid.*node, busybox, debian/],
  [['registry', 'bogus'], EXIT.usage, /unknown command 'bogus'/],
  [['registry', 'up', '--only', 'nosuch'], EXIT.usage, /'nosuch' is invalid.*public, private/],
  [['registry', 'down', '--only', 'nosuch'], EXIT.usage, /'nosuch' is invalid/],
  [['registry', 'gc', 'extra'], EXIT.usage, /too many arguments/],
  [['registry', 'status', '--bogus'], EXIT.usage, /unknown option '--bogus'/],
  [['kernel', 'bogus'], EXIT.usage, /unknown command 'bogus'/],
  [
    ['kernel', 'install', '--dir', '/dev/null/x'],
    EXIT.input,
    /cannot create \/dev\/null\/x: a part of the path is not a folder/,
  ],
];

/** The commands a user can run (`dockbook engine up`, `dockbook run`): every leaf of the command tree. */
function leafCommands(command: Command): string[] {
  if (command.commands.length === 0) return [commandPath(command)];
  return command.commands.flatMap(leafCommands);
}

/** The command that `args` reach: `dockbook engine up` for ['engine', 'up', '--bogus']. */
function reached(tree: Command, args: string[]): string {
  let command = tree;
  for (const arg of args) {
    const sub = command.commands.find((c) => c.name() === arg);
    if (!sub) break;
    command = sub;
  }
  return commandPath(command);
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every command, given bad input', () => {
  it('has a case here for each command the CLI has', () => {
    const tree = program();
    const covered = new Set(CASES.map(([args]) => reached(tree, args)));
    const missing = leafCommands(tree).filter((command) => !covered.has(command));
    expect(missing, 'add a bad-input case for each of these commands').toEqual([]);
  });

  it.each(CASES)('dockbook %j: one line naming the problem, no stack, exit code %i', async (args, exitCode, names) => {
    const result = await dockbook(args);
    const context = `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
    expect(result.exitCode, context).toBe(exitCode);
    expect(result.stderr, context).not.toMatch(/^\s+at /m);
    expect(result.stderr, context).not.toContain('node:internal');
    const [line, ...rest] = result.stderr.split('\n');
    expect(line, context).toMatch(/^dockbook( [a-z]+)*: /);
    expect(line, context).toMatch(names);
    // One line, or one line and where the usage is.
    expect(
      rest.length === 0 ||
        (rest.length === 1 && /^Run 'dockbook[a-z ]* --help' for its (usage|commands)\.$/.test(rest[0]!)),
      context,
    ).toBe(true);
    expect(result.stdout, context).toBe('');
  });

  it('reports an engine that does not answer in one line, last, after the progress lines, exit code 4', async () => {
    for (const args of [['run', good], ['start']]) {
      const result = await dockbook(args);
      expect(result.exitCode, result.stderr).toBe(EXIT.environment);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stderr.split('\n').at(-1)).toMatch(
        /^dockbook: \[engine\] unix:\/\/\S+no-engine\.sock: no engine answers there/,
      );
    }
  });

  it('names the .ipynb it imports, never the Markdown file it was to write', async () => {
    const result = await dockbook(['import', oldIpynb, '--out', out]);
    expect(result.stderr).toContain('old.ipynb');
    expect(result.stderr).not.toContain('out.md');
  });
});

describe('dockbook run checks its notebooks before it brings anything up', () => {
  let engine: Server;
  let contacts = 0;
  const socket = join(dir, 'listening-engine.sock');
  beforeAll(async () => {
    // An "engine" that counts who connects to it.
    engine = createServer((connection) => {
      contacts++;
      connection.destroy();
    });
    await new Promise<void>((done) => engine.listen(socket, done));
  });
  afterAll(() => new Promise<void>((done) => engine.close(() => done())));

  it('fails on a missing notebook, naming the file, without contacting the engine or starting one', async () => {
    for (const args of [
      ['run', 'nosuch.md'],
      ['run', good, 'nosuch.md'],
      ['update', good, badFence],
    ]) {
      const result = await dockbook(args, { DOCKER_HOST: `unix://${socket}` });
      expect(result.exitCode, result.stderr).toBe(EXIT.input);
      expect(result.stderr).toMatch(/^dockbook: \S*(nosuch\.md: no such file|unclosed-fence\.md:\d+: )/);
      expect(result.stderr).not.toMatch(/engine|DOCKER_HOST|dockerd|registry/);
    }
    expect(contacts).toBe(0);
  });
});

describe('dockbook --version', () => {
  it.each([['--version'], ['-V']])('%s prints the package version', async (flag) => {
    const result = await dockbook([flag]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    expect(result.stdout).toBe(packageVersion());
  });
});
