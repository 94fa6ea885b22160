import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { engineUp } from '../engine/lifecycle.ts';
import { seedImages } from '../images/seed.ts';
import { packageRoot } from '../paths.ts';

/** The notebooks under a folder, in course order (their file names sort by chapter). */
export function findNotebooks(dir: string = join(packageRoot, 'notebooks')): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^\d.*\.md$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** `dockbook run`: brings the engine and images up, then runs and verifies every notebook. */
export function runCommand(): Command {
  return new Command('run')
    .description('run and verify notebooks against the engine (all of them by default)')
    .argument('[files...]', 'notebooks to run')
    .action(async (files: string[]) => {
      const log = (line: string) => console.error(line);
      const { engine } = await engineUp({ log });
      await seedImages(engine, { log });
      const notebooks = files.length > 0 ? files : findNotebooks();
      if (notebooks.length === 0) {
        console.log('no notebooks to run (notebooks/ holds none yet): 0 passed, 0 failed');
        return;
      }
      throw new Error(`running notebooks is not built yet; asked for ${notebooks.length}`);
    });
}
