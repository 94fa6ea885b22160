import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/core/connect.ts';
import { BASE_IMAGES, SEED_LABEL, seedImages } from '../../src/stack/seed.ts';

/** Runs a throwaway container with the real CLI and returns its output. */
async function run(image: string, ...command: string[]): Promise<string> {
  const { stdout } = await execa('docker', ['run', '--rm', image, ...command]);
  return stdout;
}

describe('the seeded base images', () => {
  it("node runs the machine's Node.js", async () => {
    expect(await run('node', 'node', '-e', 'console.log(process.version)')).toBe(process.version);
    expect(await run(`node:${process.versions.node.split('.')[0]}`, 'node', '--version')).toBe(process.version);
  });

  it('node has npm and npx, and npm reaches the registry from inside the container', async () => {
    expect(await run('node', 'npx', '--version')).toMatch(/^\d+\.\d+\.\d+$/);
    expect(await run('node', 'npm', 'view', 'is-number@7.0.0', 'version')).toBe('7.0.0');
  });

  it('busybox runs its applets', async () => {
    expect(await run('busybox', 'sh', '-c', 'echo hi | tr a-z A-Z; basename /a/b/c; seq 3 | wc -l')).toBe('HI\nc\n3');
  });

  it('debian has apt-get', async () => {
    expect(await run('debian', 'apt-get', '--version')).toMatch(/^apt \d+\.\d+/);
  });

  it('a locally built image says so in a label, with what it was built from', async () => {
    const { docker } = await connect();
    for (const spec of BASE_IMAGES) {
      const info = await docker.getImage(`${spec.name}:latest`).inspect();
      const labels = info.Config.Labels ?? {};
      if (info.RepoDigests.length === 0) expect(labels[SEED_LABEL]).toMatch(/\w/);
    }
  });
});

describe('seeding', () => {
  it('changes nothing the second time', async () => {
    const engine = await connect();
    const first = await seedImages(engine);
    const second = await seedImages(engine);
    expect(second.map((r) => r.action)).toEqual(BASE_IMAGES.map(() => 'present'));
    expect(second.map((r) => [r.name, r.id, r.tags])).toEqual(first.map((r) => [r.name, r.id, r.tags]));
  });

  it('refuses an unknown base image by name', async () => {
    await expect(seedImages(await connect(), { only: ['nginx'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
