import { Command } from 'commander';
import { formatRegistryStatus, registryDown, registryStatus, registryUp } from '../registry/lifecycle.ts';

const log = (line: string) => console.error(line);

/** `dockbook registry up | down | status`: the public registry, which is also the engine's mirror. */
export function registryCommand(): Command {
  const registry = new Command('registry').description('the local public registry (anonymous pull and push; the mirror of an engine dockbook starts)');
  registry
    .command('up')
    .description('use the registry that answers on 127.0.0.1:$DOCKBOOK_REGISTRY_PORT (default 5000), or install and start one the project owns')
    .option('--no-install', 'never install docker-registry')
    .action(async (opts: { install: boolean }) => {
      const up = await registryUp({ install: opts.install, log });
      const how = up.started ? `started (${up.installed ? 'installed, ' : ''}up in ${up.startMs} ms)` : 'already running';
      console.log(`registry at http://${up.host}: ${how}`);
    });
  registry
    .command('down')
    .description('stop the registry the project started (never one it did not start)')
    .action(async () => {
      const pid = await registryDown();
      console.log(pid === undefined ? 'no registry started by dockbook is running; nothing stopped' : `stopped docker-registry (pid ${pid})`);
    });
  registry
    .command('status')
    .description('address, ownership, storage and the repositories it holds')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const status = await registryStatus();
      console.log(opts.json ? JSON.stringify(status, null, 2) : formatRegistryStatus(status));
    });
  return registry;
}
