import { Command } from 'commander';
import { isDockbookError } from '../errors.ts';
import { NotebookSyntaxError } from '../notebook/format/types.ts';
import { engineCommand } from './engine.ts';
import { imagesCommand } from './images.ts';
import { notebookCommands } from './notebooks.ts';
import { renderCommand } from './render.ts';
import { registryCommand } from './registry.ts';
import { runCommands } from './run.ts';

const program = new Command('dockbook')
  .description('Docker notebooks whose every claim runs against a real Docker engine and is verified')
  .showHelpAfterError()
  .addCommand(engineCommand())
  .addCommand(imagesCommand())
  .addCommand(registryCommand());
for (const command of [...runCommands(), ...notebookCommands(), renderCommand()]) program.addCommand(command);

try {
  await program.parseAsync();
} catch (error) {
  // A DockbookError already reads operation, target, reason and hint: print it, not a stack.
  console.error(isDockbookError(error) || error instanceof NotebookSyntaxError ? `dockbook: ${error.message}` : error);
  process.exitCode = 1;
}
