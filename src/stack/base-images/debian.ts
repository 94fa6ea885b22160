import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { ensureCommand } from '../apt.ts';
import { DockbookError } from '../../errors.ts';
import type { RootfsStage } from './rootfs.ts';
import type { BaseImageSpec } from './spec.ts';

/** The Debian release of this machine (`bookworm`), which the debian image follows. */
export function hostSuite(
  osRelease: string = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '',
): { codename: string; version: string } {
  const codename = /^VERSION_CODENAME=(\w+)/m.exec(osRelease)?.[1] ?? 'bookworm';
  const version = /^VERSION_ID="?(\d+)/m.exec(osRelease)?.[1] ?? '12';
  return { codename, version };
}

export const DEBIAN_MIRROR = 'http://deb.debian.org/debian';

/**
 * `debian`: a minbase root filesystem made by `debootstrap`. The finished tree is kept as a
 * tarball in the cache so a later seed (after the image was removed) skips the download.
 */
export const debian: BaseImageSpec = {
  name: 'debian',
  tags: () => {
    const { codename, version } = hostSuite();
    return ['latest', codename, version];
  },
  async stage(_stage: RootfsStage, cacheDir: string) {
    const { codename } = hostSuite();
    const cached = join(cacheDir, 'seed', `debian-${codename}-minbase.tar`);
    if (!existsSync(cached)) {
      await ensureCommand('debootstrap', 'debootstrap', 'images seed');
      const work = join(cacheDir, 'seed', `debian-${codename}.work`);
      rmSync(work, { recursive: true, force: true });
      mkdirSync(work, { recursive: true });
      try {
        await execa('debootstrap', ['--variant=minbase', codename, work, DEBIAN_MIRROR], { stdin: 'ignore' });
      } catch (cause) {
        throw new DockbookError({
          code: 'SEED_FAILED',
          operation: 'images seed',
          target: 'debian',
          reason: `debootstrap ${codename} failed: ${(cause as Error).message.split('\n').slice(-3).join(' ')}`,
          hint: `Check that ${DEBIAN_MIRROR} is reachable.`,
          command: `debootstrap ${codename} ROOT ${DEBIAN_MIRROR}`,
          cause,
        });
      }
      rmSync(join(work, 'var/cache/apt/archives'), { recursive: true, force: true });
      rmSync(join(work, 'var/lib/apt/lists'), { recursive: true, force: true });
      mkdirSync(join(work, 'var/lib/apt/lists/partial'), { recursive: true });
      mkdirSync(join(work, 'var/cache/apt/archives/partial'), { recursive: true });
      await execa('tar', ['--numeric-owner', '-C', work, '-cf', `${cached}.part`, '.']);
      renameSync(`${cached}.part`, cached);
      rmSync(work, { recursive: true, force: true });
    }
    return {
      changes: ['CMD ["bash"]'],
      source: `debootstrap --variant=minbase ${codename} from ${DEBIAN_MIRROR}`,
      tarball: cached,
    };
  },
};
