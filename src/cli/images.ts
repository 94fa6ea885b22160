import { Argument, Command } from 'commander';
import { engineUp } from '../stack/engine.ts';
import { BASE_IMAGES, seedImages, type SeedResult } from '../stack/seed.ts';

/** The seed results as a table. */
export function formatSeedResults(results: SeedResult[]): string {
  return results
    .map(
      (r) =>
        `${r.name.padEnd(8)} ${r.action.padEnd(8)} ${r.id.slice(7, 19)}  ${String(r.ms).padStart(6)} ms ` +
        ` ${r.tags.join(', ')}${r.source ? `  (${r.source})` : ''}`,
    )
    .join('\n');
}

/** `dockbook images seed`. */
export function imagesCommand(): Command {
  const images = new Command('images').description("the course's base images");
  images
    .command('seed')
    .description(
      'make sure node, busybox and debian exist: pull them, or build them locally where no registry serves them',
    )
    .addArgument(new Argument('[names...]', 'only these base images').choices(BASE_IMAGES.map((spec) => spec.name)))
    .option('--no-pull', 'build locally without trying a registry')
    .action(async (names: string[], opts: { pull: boolean }) => {
      const log = (line: string) => console.error(line);
      const { engine } = await engineUp({ log });
      const results = await seedImages(engine, { ...(names.length ? { only: names } : {}), pull: opts.pull, log });
      console.log(formatSeedResults(results));
    });
  return images;
}
