import { Command } from 'commander';
import { engineDown, engineStatus, engineUp, formatEngineStatus } from '../stack/engine.ts';

const log = (line: string) => console.error(line);

/** `dockbook engine up | down | status`. */
export function engineCommand(): Command {
  const engine = new Command('engine').description('find, start or stop the Docker engine');
  engine
    .command('up')
    .description('connect to a running engine, or install and start one the project owns (root on Debian/Ubuntu)')
    .option('--no-install', 'never install docker.io')
    .action(async (opts: { install: boolean }) => {
      const up = await engineUp({ install: opts.install, log });
      const how = up.started
        ? `started (${up.installed ? `installed in ${up.installMs} ms, ` : ''}up in ${up.startMs} ms)`
        : 'already running';
      console.log(`engine ${up.engine.engineVersion} at ${up.engine.endpoint.host}: ${how}`);
    });
  engine
    .command('down')
    .description('stop the engine the project started (never one it did not start)')
    .action(async () => {
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
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const status = await engineStatus();
      console.log(opts.json ? JSON.stringify(status, null, 2) : formatEngineStatus(status));
    });
  return engine;
}
