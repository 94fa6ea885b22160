import { describe, expect, it } from 'vitest';
import { create, run } from '../../src/containers/run.ts';
import { start } from '../../src/containers/start.ts';
import { stop } from '../../src/containers/stop.ts';
import { rm } from '../../src/containers/remove.ts';
import type { Context } from '../../src/core/context.ts';
import { LABEL_SESSION } from '../../src/core/labels.ts';
import { build } from '../../src/images/build.ts';
import { rmi } from '../../src/images/rmi.ts';
import { tag } from '../../src/images/tag.ts';
import { diffSnapshots } from '../../src/session/engine-diff.ts';
import { formatDiff } from '../../src/session/engine-diff-format.ts';
import { snapshot, type EngineSnapshot } from '../../src/session/engine-snapshot.ts';
import { createVolume, rmVolume } from '../../src/volumes/volumes.ts';
import { useContext } from '../support/context.ts';
import { usePodmanContext } from '../support/podman.ts';
import { useContextDirs } from '../images/fixtures.ts';

const contextDir = useContextDirs();
/** What session.name() gives: `web-3f2a1c9d`. */
const named = (ctx: Context, base: string) => `${base}-${ctx.session.replace(/^db-/, '')}`;
const ID = '[0-9a-f]{12}';
const VOLUME = '[0-9a-f]{64}';

/** Runs cells one after another, each followed by the session's diff since the one before. */
function cells(ctx: Context) {
  const selector = `${LABEL_SESSION}=${ctx.session}`;
  let current: EngineSnapshot | undefined;
  const take = (previous?: EngineSnapshot) =>
    snapshot(ctx.docker, selector, {
      sessions: [ctx.session],
      refs: ctx.addedImageRefs,
      ...(previous ? { previous } : {}),
    });
  return async (work: () => Promise<unknown>): Promise<string[]> => {
    current ??= await take();
    await work();
    const after = await take(current);
    const diff = diffSnapshots(current, after);
    current = after;
    const text = formatDiff(diff);
    return text ? text.split('\n') : [];
  };
}

/** Each line matches its pattern, and there are as many lines as patterns. */
function expectLines(lines: string[], patterns: string[]): void {
  expect(lines, lines.join('\n')).toHaveLength(patterns.length);
  lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^${patterns[i]}$`)));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Another session making and removing things on the same engine meanwhile: none of it is the first one's. */
async function busyNeighbour(ctx: Context, until: () => boolean): Promise<number> {
  let i = 0;
  for (; !until(); i++) {
    const name = named(ctx, `other${i}`);
    await run(ctx, 'busybox', ['sh', '-c', 'true'], { name, volumes: ['/data'] });
    await tag(ctx, 'busybox', `${name}:v1`);
    await createVolume(ctx, name);
    await rm(ctx, name);
    await rmi(ctx, `${name}:v1`);
    await rmVolume(ctx, name);
  }
  return i;
}

async function scenario(ctx: Context, neighbour: Context): Promise<void> {
  const diffCell = cells(ctx);
  const printed: string[] = [];
  const cell = async (work: () => Promise<unknown>) => {
    const lines = await diffCell(work);
    printed.push(...lines);
    return lines;
  };
  const n = (base: string) => escape(named(ctx, base));
  const [web, app, job, data, net, mybox] = ['web', 'app', 'job', 'data', 'net', 'mybox'].map((b) => named(ctx, b)) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  let done = false;
  const other = busyNeighbour(neighbour, () => done);
  try {
    expectLines(await cell(async () => undefined), []);
    expectLines(await cell(() => create(ctx, 'busybox', ['sleep', '600'], { name: web, ports: ['0:80'] })), [
      `\\+ container ${n('web')} \\(created, busybox:latest\\)`,
    ]);
    expectLines(await cell(() => start(ctx, web)), [
      `~ container ${n('web')}: created → running \\(0\\.0\\.0\\.0:\\d+->80/tcp\\)`,
    ]);
    expectLines(await cell(() => stop(ctx, web, { timeoutSeconds: 1 })), [
      `~ container ${n('web')}: running → exited \\(137\\)`,
    ]);
    expectLines(await cell(() => rm(ctx, web)), [`- container ${n('web')} \\(was exited \\(137\\)\\)`]);

    const dir = contextDir({ Dockerfile: `FROM busybox\nWORKDIR /app\nRUN echo ${ctx.session} > stamp\n` });
    const lines = await cell(() => build(ctx, dir, { tags: [`${app}:v1`] }));
    expect(lines[0]).toMatch(
      new RegExp(`^\\+ image ${n('app')}:v1 \\(built ${ID}; \\d steps: \\d cached, \\d built\\)$`),
    );
    expectLines(lines.slice(1), ['    (cached  |built   )WORKDIR /app', '    built   RUN echo .* > stamp']);
    const more = contextDir({
      Dockerfile: `FROM busybox\nWORKDIR /app\nRUN echo ${ctx.session} > stamp\nRUN echo more > more\n`,
    });
    expectLines(await cell(() => build(ctx, more, { tags: [`${app}:v3`] })), [
      `\\+ image ${n('app')}:v3 \\(built ${ID}; 3 steps: 2 cached, 1 built\\)`,
      '    cached  WORKDIR /app',
      '    cached  RUN echo .* > stamp',
      '    built   RUN echo more > more',
    ]);

    expectLines(await cell(() => tag(ctx, `${app}:v1`, `${app}:v2`)), [
      `\\+ image ${n('app')}:v2 \\(tag of ${ID}, also ${n('app')}:v1\\)`,
    ]);
    expectLines(await cell(() => run(ctx, `${app}:v1`, ['sh', '-c', 'exit 3'], { name: job, volumes: ['/data'] })), [
      `\\+ container ${n('job')} \\(exited \\(3\\), ${n('app')}:v1\\)`,
      `\\+ volume ${VOLUME} \\(anonymous, for ${n('job')}\\)`,
    ]);
    expectLines(await cell(() => rmi(ctx, `${app}:v1`)), [
      `- image ${n('app')}:v1 \\(untagged from ${ID}; still tagged ${n('app')}:v2; ` +
        'still used by 1 stopped container\\)',
    ]);
    const anonymous = await cell(() => rm(ctx, job));
    expectLines(anonymous, [
      `- container ${n('job')} \\(was exited \\(3\\)\\)`,
      `~ volume ${VOLUME} \\(anonymous, left behind\\): used by ${n('job')} → unused`,
    ]);
    expectLines(await cell(() => rmi(ctx, `${app}:v2`)), [`- image ${n('app')}:v2 \\(removed ${ID}\\)`]);

    const volume = anonymous[1]!.split(' ')[2]!;
    expectLines(await cell(() => createVolume(ctx, data)), [`\\+ volume ${n('data')} \\(named\\)`]);
    // In the order of their names.
    const removedVolumes = [`- volume ${VOLUME} \\(anonymous\\)`, `- volume ${n('data')} \\(named\\)`];
    expectLines(
      await cell(() => rmVolume(ctx, [data, volume])),
      volume < data ? removedVolumes : removedVolumes.reverse(),
    );
    expectLines(await cell(() => ctx.docker.createNetwork({ Name: net, Labels: ctx.labels })), [
      `\\+ network ${n('net')} \\(bridge\\)`,
    ]);
    expectLines(await cell(() => ctx.docker.getNetwork(net).remove()), [`- network ${n('net')} \\(bridge\\)`]);

    expectLines(await cell(() => tag(ctx, 'busybox', `${mybox}:v1`)), [
      `\\+ image ${n('mybox')}:v1 \\(tag of ${ID}, also \\S+\\)`,
    ]);
    expectLines(await cell(() => rmi(ctx, `${mybox}:v1`)), [
      `- image ${n('mybox')}:v1 \\(untagged from ${ID}; still tagged \\S+\\)`,
    ]);
  } finally {
    done = true;
    await other.catch(() => undefined);
  }
  expect(await other, 'the other session worked meanwhile').toBeGreaterThan(0);
  const theirs = neighbour.session.replace(/^db-/, '');
  expect(printed.filter((line) => line.includes(theirs))).toEqual([]);
}

describe('snapshot and diffSnapshots on Docker', () => {
  const a = useContext('engine-diff-a');
  const b = useContext('engine-diff-b');
  it('shows each change of one session once, and nothing of another session working meanwhile', async () => {
    await scenario(a.ctx, b.ctx);
  }, 300_000);
});

describe('snapshot and diffSnapshots on Podman', () => {
  const a = usePodmanContext('engine-diff-a');
  const b = usePodmanContext('engine-diff-b');
  it('shows each change of one session once, and nothing of another session working meanwhile', async () => {
    await scenario(a.ctx, b.ctx);
  }, 300_000);
});
