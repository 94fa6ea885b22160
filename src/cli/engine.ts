import { Command } from 'commander';
import { CliError, EXIT } from './failure.ts';
import { engineDown, engineStatus, engineUp, formatEngineStatus } from '../stack/engine.ts';
import { podmanDown, podmanUp } from '../stack/podman.ts';
import { formatPodmanStatus, podmanStatus } from '../stack/podman-status.ts';

const log = (line: string) => console.error(line);

/** `dockbook engine up | down | status`, each with `--podman` for the project's own Podman. */
export function engineCommand(): Command {
  const engine = new Command('engine').description(
    "find, start or stop the Docker engine (or the project's own Podman)",
  );
  engine
    .command('up')
    .description('connect to a running engine, or install and start one the project owns (root on Debian/Ubuntu)')
    .option('--podman', "start the project's own Podman service instead (its socket under the cache folder)")
    .option('--no-install', 'never install docker.io (or podman)')
    .action(async (opts: { install: boolean; podman?: boolean }) => {
      if (opts.podman) {
        const up = await podmanUp({ install: opts.install, log });
        const how = up.started
          ? `started (${up.installed ? `installed in ${up.installMs} ms, ` : ''}up in ${up.startMs} ms)`
          : 'already running';
        console.log(`podman ${up.engine.engineVersion} at ${up.host}: ${how}`);
        console.log(`run the course on it: DOCKER_HOST=${up.host} dockbook run`);
        return;
      }
      const up = await engineUp({ install: opts.install, log });
      const how = up.started
        ? `started (${up.installed ? `installed in ${up.installMs} ms, ` : ''}up in ${up.startMs} ms)`
        : 'already running';
      console.log(`engine ${up.engine.engineVersion} at ${up.engine.endpoint.host}: ${how}`);
    });
  engine
    .command('down')
    .description('stop the engine the project started (never one it did not start)')
    .option('--podman', "stop the project's own Podman (its running containers first) instead")
    .option('--purge', 'with --podman: also remove its folder (images, containers, volumes, configuration)')
    .action(async (opts: { podman?: boolean; purge?: boolean }) => {
      if (opts.purge && !opts.podman) {
        throw new CliError(
          "engine down: --purge goes with --podman (dockbook never removes Docker's data).",
          EXIT.usage,
        );
      }
      if (opts.podman) {
        const down = await podmanDown({ purge: opts.purge ?? false, log });
        const containers = down.stopped.length > 0 ? ` and its ${down.stopped.length} running container(s)` : '';
        console.log(
          down.pid === undefined
            ? 'no Podman started by dockbook is running; nothing stopped'
            : `stopped podman (pid ${down.pid})${containers}`,
        );
        if (down.purged) console.log('removed its folder (storage, run state, configuration)');
        return;
      }
      const pid = await engineDown();
      console.log(
        pid === undefined
          ? 'no engine started by dockbook is running; nothing stopped'
          : `stopped dockerd (pid ${pid})`,
      );
    });
  engine
    .command('status')
    .description('endpoint, engine and API versions, storage driver, ownership')
    .option('--podman', "the project's own Podman instead: socket, version, storage, network, container limits")
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean; podman?: boolean }) => {
      if (opts.podman) {
        const status = await podmanStatus();
        console.log(opts.json ? JSON.stringify(status, null, 2) : formatPodmanStatus(status));
        return;
      }
      const status = await engineStatus();
      console.log(opts.json ? JSON.stringify(status, null, 2) : formatEngineStatus(status));
    });
  return engine;
}
