import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/core/connect.ts';
import { readNotebook } from '../../src/notebook/format/parse.ts';
import { toIpynb } from '../../src/notebook/format/ipynb.ts';
import { describeFailure, type NotebookReport } from '../../src/notebook/run/report.ts';
import { runNotebooks } from '../../src/notebook/run/run-notebooks.ts';
import { cacheDir, packageRoot } from '../../src/paths.ts';
import { privateRegistryDir, publicRegistryDir } from '../../src/registry/config.ts';
import { courseCredentials } from '../../src/registry/credentials.ts';
import { renderGuide } from '../../src/render/guide.ts';
import { findSecret, scanForSecret } from '../support/secrets.ts';

const SHARING = join(packageRoot, 'notebooks', '08-sharing-images.md');

describe('findSecret', () => {
  const secret = 'Zq3-very_secret-Pw9';
  it('finds a secret as it is, URL-encoded, or inside base64, as credentials travel', () => {
    expect(findSecret(`password: ${secret}`, secret)).toBe('in plain text');
    expect(findSecret(`pw=${encodeURIComponent('a b/' + secret)}`, 'a b/' + secret)).toBe('URL-encoded');
    const dockerConfig = JSON.stringify({
      auths: { '127.0.0.1:5001': { auth: Buffer.from(`student:${secret}`).toString('base64') } },
    });
    expect(findSecret(dockerConfig, secret)).toMatch(/^base64-encoded/);
    const header = Buffer.from(
      JSON.stringify({ username: 'student', password: secret, serveraddress: '127.0.0.1:5001' }),
    ).toString('base64url');
    expect(findSecret(`X-Registry-Auth: ${header}`, secret)).toMatch(/^base64-encoded/);
  });

  it('finds nothing where the secret is absent or masked', () => {
    expect(
      findSecret('login: student:********, digest sha256:0123456789abcdef0123456789abcdef', secret),
    ).toBeUndefined();
  });
});

// The sharing chapter logs in with the library and with the real CLI, is refused, pushes and
// pulls: every artifact such a run leaves is searched for the private registry's password.
describe("the private registry's password, after a run of the sharing notebook", () => {
  const work = mkdtempSync(join(tmpdir(), 'dockbook-secrets-'));
  let report: NotebookReport;
  let password: string;
  beforeAll(async () => {
    password = courseCredentials(privateRegistryDir()).password;
    const copy = join(work, '08-sharing-images.md');
    copyFileSync(SHARING, copy);
    [report] = (await runNotebooks([copy], {
      engine: await connect(),
      update: true,
      reportsDir: join(work, 'reports'),
    })) as NotebookReport[] as [NotebookReport];
    const outputs = new Map(report.cells.map((cell) => [cell.index, cell.actual]));
    writeFileSync(join(work, '08-sharing-images.ipynb'), JSON.stringify(toIpynb(readNotebook(copy), outputs)));
    renderGuide({ reportsDir: join(work, 'reports'), outDir: join(work, 'site') });
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('ran: every cell passed, including the logins, the refusals and the pushes', () => {
    const failed = report.cells.filter((cell) => cell.status !== 'passed');
    expect(failed.map(describeFailure)).toEqual([]);
    expect(report.cells.map((cell) => cell.actual).join('\n')).toContain('Login Succeeded');
  });

  it('is in no output, report, updated notebook, export or page of the guide', () => {
    const scanned = scanForSecret([work], password);
    expect(scanned.leaks).toEqual([]);
    const read = [
      'reports/08-sharing-images.json',
      '08-sharing-images.md',
      '08-sharing-images.ipynb',
      'site/08-sharing-images.html',
      'site/index.html',
    ];
    expect(scanned.files).toEqual(expect.arrayContaining(read.map((file) => join(work, file))));
    expect(readFileSync(join(work, 'site', '08-sharing-images.html'), 'utf8')).toContain('Login Succeeded');
  });

  it("is in neither the engine's log nor the registries' logs", () => {
    const logs = [
      join(cacheDir(), 'engine'),
      join(publicRegistryDir(), 'registry.log'),
      join(privateRegistryDir(), 'registry.log'),
    ];
    const scanned = scanForSecret(logs, password);
    // The private registry logged this run's refused and accepted requests.
    expect(scanned.files).toContain(join(privateRegistryDir(), 'registry.log'));
    expect(readFileSync(join(privateRegistryDir(), 'registry.log'), 'utf8')).toMatch(/authorized request/);
    expect(scanned.leaks).toEqual([]);
  });

  it('is in none of the notebooks, their recorded outputs or the course apps', () => {
    const scanned = scanForSecret([join(packageRoot, 'notebooks')], password);
    expect(scanned.files).toContain(SHARING);
    expect(scanned.leaks).toEqual([]);
  });
});
