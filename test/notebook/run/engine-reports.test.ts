import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  engineLabel,
  engineSlug,
  readEngineReports,
  writeEngineReports,
} from '../../../src/notebook/run/engine-reports.ts';
import type { NotebookReport } from '../../../src/notebook/run/report.ts';

const report = (path: string, engineKind: string, engineReach: 'local' | 'remote', passed: number): NotebookReport => ({
  path,
  title: 't',
  cells: [],
  passed,
  failed: 0,
  skipped: 0,
  durationMs: 1,
  engineVersion: engineKind === 'podman' ? '4.3.1' : '20.10.24',
  engineKind,
  engineReach,
  startedAt: '2026-12-04T00:00:00.000Z',
});

describe('engine reports', () => {
  it("keeps each engine's last run of each notebook apart, and reads them back by notebook", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockbook-engines-'));
    writeEngineReports(dir, [
      report('notebooks/01-a.md', 'docker', 'local', 3),
      report('notebooks/02-b.md', 'docker', 'local', 4),
    ]);
    writeEngineReports(dir, [report('notebooks/01-a.md', 'podman', 'local', 2)]);
    writeEngineReports(dir, [report('notebooks/01-a.md', 'docker', 'remote', 1)]);
    writeEngineReports(dir, [report('notebooks/01-a.md', 'podman', 'local', 3)]);
    const first = readEngineReports(dir, '01-a');
    expect(first.map((r) => [engineSlug(r), r.passed])).toEqual([
      ['docker-local', 3],
      ['docker-remote', 1],
      ['podman-local', 3],
    ]);
    expect(readEngineReports(dir, '02-b')).toHaveLength(1);
    expect(readEngineReports(join(dir, 'none'), '01-a')).toEqual([]);
  });

  it('names the engine as a reader knows it', () => {
    expect(engineLabel(report('x', 'podman', 'local', 1))).toBe('Podman 4.3.1');
    expect(engineLabel(report('x', 'docker', 'local', 1))).toBe('Docker Engine 20.10.24');
    expect(engineLabel(report('x', 'docker', 'remote', 1))).toBe(
      'Docker Engine 20.10.24, remote (DOCKER_HOST=tcp://…)',
    );
  });
});
