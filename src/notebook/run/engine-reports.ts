import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { NotebookReport } from './report.ts';

/**
 * Each engine's last run of each notebook, kept side by side: `<dir>/<engine>/<notebook>.json`, where `<engine>` is
 * the engine's kind and reach (`docker-local`, `podman-local`, `docker-remote`). The guide reads them to say which
 * engines each chapter was verified on.
 */

/** The folder name of a report's engine: its kind and whether it was reached over the wire. */
export function engineSlug(report: Pick<NotebookReport, 'engineKind' | 'engineReach'>): string {
  return `${report.engineKind ?? 'docker'}-${report.engineReach ?? 'local'}`;
}

/**
 * A report's engine in words, for the guide.
 *
 * @example
 * engineLabel({ engineKind: 'podman', engineReach: 'local', engineVersion: '4.3.1' }); // 'Podman 4.3.1'
 * engineLabel({ engineKind: 'docker', engineReach: 'remote', engineVersion: '20.10.24' });
 * // 'Docker Engine 20.10.24, remote (DOCKER_HOST=tcp://…)'
 */
export function engineLabel(report: Pick<NotebookReport, 'engineKind' | 'engineReach' | 'engineVersion'>): string {
  const name = report.engineKind === 'podman' ? 'Podman' : 'Docker Engine';
  const reach = report.engineReach === 'remote' ? ', remote (DOCKER_HOST=tcp://…)' : '';
  return `${name} ${report.engineVersion}${reach}`;
}

/** Writes each report as its engine's last run of that notebook. */
export function writeEngineReports(dir: string, reports: NotebookReport[]): void {
  for (const report of reports) {
    const folder = join(dir, engineSlug(report));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${basename(report.path, '.md')}.json`), `${JSON.stringify(report, null, 2)}\n`);
  }
}

/** Every engine's last run of the notebook `name` (`01-images-and-containers`), in the folders' order. */
export function readEngineReports(dir: string, name: string): NotebookReport[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(dir, entry.name, `${name}.json`))
    .filter((file) => existsSync(file))
    .sort()
    .map((file) => JSON.parse(readFileSync(file, 'utf8')) as NotebookReport);
}
