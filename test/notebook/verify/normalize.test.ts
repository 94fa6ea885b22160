import { describe, expect, it } from 'vitest';
import { cli } from '../../../src/cli.ts';
import { isDockbookError } from '../../../src/errors.ts';
import { normalize } from '../../../src/notebook/verify/normalize.ts';
import { useContext } from '../../support/context.ts';
import { testContainer } from '../../support/containers.ts';

const t = useContext('verify-normalize');

describe('normalize', () => {
  it("applies the notebook's own normalizers first, to every match, then the built-in ones", () => {
    const extra = [{ pattern: 'request #\\d+', replacement: 'request #<n>' }, { pattern: 'WEB', flags: 'i', replacement: 'site' }];
    expect(normalize('request #12 and request #13 to web-3f2a1c9d\n', extra)).toBe('request #<n> and request #<n> to site-<session>\n');
    // The notebook's rule runs first, so it can claim a value before a built-in would.
    expect(normalize('took 412ms', [{ pattern: '412ms', replacement: 'fast' }])).toBe('took fast');
    expect(normalize('v=1 v=2', [{ pattern: 'v=(\\d)', flags: 'g', replacement: '<$1>' }])).toBe('<1> <2>');
  });

  it('keeps placeholders typed by hand, and text with nothing volatile', () => {
    const text = 'Container <name> (<short-id>) is Up <duration> on 0.0.0.0:<port>->80/tcp\nhello from node:20, exit code 0\n';
    expect(normalize(text)).toBe(text);
  });

  it("rejects a notebook normalizer that is not a regex, naming it", () => {
    try {
      normalize('x', [{ pattern: '(unclosed', replacement: '' }]);
      expect.unreachable();
    } catch (error) {
      expect(isDockbookError(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toMatch(/^\[normalize\] \/\(unclosed\/: .*Unterminated group.*normalizers/);
    }
  });

  it('names the engine generates are all normalized (20 unnamed containers)', async () => {
    const names: string[] = [];
    for (let i = 0; i < 20; i++) {
      const container = await t.ctx.docker.createContainer({ Image: 'busybox', Cmd: ['true'], Labels: t.ctx.labels });
      names.push((await container.inspect()).Name.replace(/^\//, ''));
    }
    expect(names.map((name) => normalize(name))).toEqual(names.map(() => '<name>'));
  });

  it('makes the real `docker ps` and `docker inspect` of two different containers read the same', async () => {
    // One named from the session (web-<8 hex>), one named by the engine; each publishes 80 on a random host port.
    const start = async (name?: string) => {
      const ports = { ExposedPorts: { '80/tcp': {} }, HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '' }] } } };
      const container = await t.ctx.docker.createContainer({ ...(name ? { name } : {}), Image: 'busybox', Cmd: ['sleep', '300'], Labels: t.ctx.labels, ...ports });
      await container.start();
      return container;
    };
    const a = await start(`web-${t.ctx.session.slice(3)}`);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const b = await start();
    const ps = async (id: string) => (await cli(t.ctx, ['ps', '--filter', `id=${id}`])).stdout;
    const [psA, psB] = [await ps(a.id), await ps(b.id)];
    expect(psA).not.toBe(psB);
    expect(normalize(psA).replace('web-<session>', '<name>')).toBe(normalize(psB));
    expect(normalize(psB)).toMatch(/^CONTAINER ID {2}IMAGE {2}COMMAND {2}CREATED {2}STATUS {2}PORTS {2}NAMES\n<short-id> {2}busybox {2}"sleep 300" {2}<duration> ago {2}Up <duration> {2}0\.0\.0\.0:<port>->80\/tcp(, \[::\]:<port>->80\/tcp)? {2}<name>\n$/);

    const format = '{{.Id}} {{.Created}} {{.Image}} {{.NetworkSettings.IPAddress}} {{.State.StartedAt}}';
    const inspect = async (id: string) => (await cli(t.ctx, ['inspect', '--format', format, id])).stdout;
    expect(normalize(await inspect(a.id))).toBe(normalize(await inspect(b.id)));
    expect(normalize(await inspect(a.id))).toBe('<id> <time> sha256:<digest> <ip> <time>\n');
  });

  it('keeps the exit code of an exited container while its age changes', async () => {
    const exited = await testContainer(t.ctx, 'exit 3', { exited: true });
    const status = (await cli(t.ctx, ['ps', '-a', '--filter', `id=${exited.id}`, '--format', '{{.Status}}'])).stdout;
    expect(normalize(status)).toBe('Exited (3) <duration> ago\n');
  });
});
