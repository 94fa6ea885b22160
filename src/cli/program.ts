import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { packageRoot } from '../paths.ts';
import { engineCommand } from './engine.ts';
import { imagesCommand } from './images.ts';
import { notebookCommands } from './notebooks.ts';
import { renderCommand } from './render.ts';
import { registryCommand } from './registry.ts';
import { runCommands } from './run.ts';

/** This package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/** `dockbook run`, `dockbook engine up`: the command as a user types it. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/**
 * Makes a command and every subcommand under it fail as the rest of dockbook does: one line
 * naming the problem (`dockbook run: unknown option '--bogus' (did you mean --strict?)`), then
 * where the usage is, and a thrown CommanderError (exit code 2 in main) instead of process.exit.
 */
function strict(command: Command): void {
  const path = commandPath(command);
  command
    .exitOverride()
    .showHelpAfterError(`Run '${path} --help' for ${command.commands.length ? 'its commands' : 'its usage'}.`)
    .configureOutput({
      outputError: (text, write) =>
        write(
          `${path}: ${text
            .replace(/^error: /, '')
            .replace(
              /\n\((Did you mean [^)]*)\)/,
              (_, hint: string) => ` (${hint.charAt(0).toLowerCase()}${hint.slice(1)})`,
            )
            .trimEnd()}\n`,
        ),
    });
  for (const sub of command.commands) strict(sub);
}

/** The `dockbook` command line, every command added and configured, not yet parsed. */
export function program(): Command {
  const program = new Command('dockbook')
    .description('Docker notebooks whose every claim runs against a real Docker engine and is verified')
    .version(packageVersion(), '-V, --version', 'print the version')
    .addCommand(engineCommand())
    .addCommand(imagesCommand())
    .addCommand(registryCommand());
  for (const command of [...runCommands(), ...notebookCommands(), renderCommand()]) program.addCommand(command);
  strict(program);
  return program;
}
