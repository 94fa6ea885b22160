import { Command, Option } from 'commander';
import { formatRegistryStatus, registryDown, registryGc, registryStatus, registryUp } from '../stack/registry.ts';
import type { RegistryKind } from '../stack/registry-spec.ts';

const log = (line: string) => console.error(line);

const KINDS: RegistryKind[] = ['public', 'private'];

function kindOption(): Option {
  return new Option('--only <kind>', 'just one of the two registries').choices(KINDS);
}

function chosen(opts: { only?: RegistryKind }): RegistryKind[] {
  return opts.only ? [opts.only] : KINDS;
}

/**
 * `dockbook registry up | down | gc | status`: the course's two registries, the public one (anonymous,
 * also the mirror of an engine dockbook starts) and the private one (htpasswd login).
 */
export function registryCommand(): Command {
  const registry = new Command('registry').description(
    "the course's local registries: public on 127.0.0.1:5000 (anonymous pull and push; the mirror of an engine " +
      'dockbook starts) and private on 127.0.0.1:5001 (login needed)',
  );
  registry
    .command('up')
    .description('use the registries that answer on their ports, or install and start ones the project owns')
    .addOption(kindOption())
    .option('--no-install', 'never install docker-registry')
    .action(async (opts: { install: boolean; only?: RegistryKind }) => {
      for (const kind of chosen(opts)) {
        const up = await registryUp({ kind, install: opts.install, log });
        const how = up.started
          ? `started (${up.installed ? 'installed, ' : ''}up in ${up.startMs} ms)`
          : 'already running';
        console.log(`${kind} registry at http://${up.host}: ${how}`);
      }
    });
  registry
    .command('down')
    .description('stop the registries the project started (never one it did not start)')
    .addOption(kindOption())
    .action(async (opts: { only?: RegistryKind }) => {
      for (const kind of chosen(opts)) {
        const pid = await registryDown(process.env, kind);
        console.log(
          pid === undefined
            ? `${kind}: no registry started by dockbook is running; nothing stopped`
            : `${kind}: stopped docker-registry (pid ${pid})`,
        );
      }
    });
  registry
    .command('gc')
    .description(
      'free the layers of deleted manifests in the registries dockbook owns (a running one is stopped and started ' +
        'again; `down` collects too)',
    )
    .addOption(kindOption())
    .action(async (opts: { only?: RegistryKind }) => {
      const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
      for (const kind of chosen(opts)) {
        const gc = await registryGc(process.env, kind);
        console.log(
          `${kind}: ${mb(gc.before)} → ${mb(gc.after)} ` +
            `(freed ${mb(gc.before - gc.after)})${gc.restarted ? ', restarted' : ''}`,
        );
      }
    });
  registry
    .command('status')
    .description('address, access, ownership, storage and the repositories each holds')
    .addOption(kindOption())
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean; only?: RegistryKind }) => {
      const statuses = await Promise.all(chosen(opts).map((kind) => registryStatus(process.env, kind)));
      console.log(
        opts.json
          ? JSON.stringify(statuses, null, 2)
          : statuses.map((status) => formatRegistryStatus(status)).join('\n\n'),
      );
    });
  return registry;
}
