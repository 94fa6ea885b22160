import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { which } from '../apt.ts';
import { DockbookError } from '../../errors.ts';
import { stageBaseFiles, stageBusybox, type RootfsStage } from './rootfs.ts';
import type { BaseImageSpec } from './spec.ts';

/** The machine's CA bundle: a container trusts what the host trusts (e.g. a TLS-inspecting proxy). */
export const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** The shared libraries a dynamic executable loads, as `ldd` lists them (absolute paths). */
export async function sharedLibraries(executable: string): Promise<string[]> {
  const { stdout } = await execa('ldd', [executable]);
  return stdout
    .split('\n')
    .map((line) => /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line)?.[1])
    .filter((path): path is string => path !== undefined);
}

function npmDir(): string {
  const npm = which('npm');
  if (!npm) {
    throw new DockbookError({
      code: 'SEED_FAILED',
      operation: 'images seed',
      target: 'node',
      reason: 'npm is not on PATH',
      hint: 'Install Node.js with npm.',
      command: 'dockbook images seed node',
    });
  }
  // npm's bin is <prefix>/lib/node_modules/npm/bin/npm-cli.js
  return dirname(dirname(realpathSync(npm)));
}

/** `node`: this machine's Node.js runtime, its shared libraries, npm and npx, a busybox shell and the CA bundle. */
export const node: BaseImageSpec = {
  name: 'node',
  tags: () => {
    const version = process.versions.node;
    return ['latest', version.split('.')[0]!, version];
  },
  async stage(stage: RootfsStage) {
    stageBaseFiles(stage, ['node:x:1000:1000:node:/home/node:/bin/sh']);
    stage.mkdir(['/home/node', '/usr/local/bin', '/usr/local/lib/node_modules']);
    const busyboxVersion = await stageBusybox(stage);
    const nodeBin = realpathSync(process.execPath);
    stage.copyFile(nodeBin, '/usr/local/bin/node');
    for (const lib of await sharedLibraries(nodeBin)) stage.copyFile(lib, lib);
    const npm = npmDir();
    stage.copy(npm, '/usr/local/lib/node_modules/npm');
    stage.symlink('../lib/node_modules/npm/bin/npm-cli.js', '/usr/local/bin/npm');
    stage.symlink('../lib/node_modules/npm/bin/npx-cli.js', '/usr/local/bin/npx');
    stage.copyFile(CA_BUNDLE);
    const { stdout: npmVersion } = await execa(process.execPath, [join(npm, 'bin', 'npm-cli.js'), '--version'], {
      env: { npm_config_update_notifier: 'false' },
    });
    return {
      changes: [`ENV NODE_VERSION=${process.versions.node}`, `ENV NODE_EXTRA_CA_CERTS=${CA_BUNDLE}`, 'CMD ["node"]'],
      source:
        `host Node.js ${process.version} (${nodeBin}), npm ${npmVersion.trim()}, Debian ` +
        `busybox-static ${busyboxVersion}, host CA bundle`,
    };
  },
};
