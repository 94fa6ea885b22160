import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { DockbookError } from '../../errors.ts';
import { aptInstall } from '../apt.ts';

/** A root filesystem being assembled in a host folder, from files the host already has. */
export class RootfsStage {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private at(path: string): string {
    return join(this.dir, path);
  }

  /** Creates folders (absolute image paths), with an optional mode. */
  mkdir(paths: string[], mode?: number): void {
    for (const path of paths) {
      mkdirSync(this.at(path), { recursive: true });
      if (mode !== undefined) chmodSync(this.at(path), mode);
    }
  }

  /** Writes a text file at an absolute image path. */
  write(path: string, content: string, mode = 0o644): void {
    mkdirSync(dirname(this.at(path)), { recursive: true });
    writeFileSync(this.at(path), content, { mode });
  }

  /** Copies a host file (following links) or folder (keeping links) to an image path. */
  copy(hostPath: string, path: string = hostPath): void {
    mkdirSync(dirname(this.at(path)), { recursive: true });
    cpSync(hostPath, this.at(path), { recursive: true, dereference: false, verbatimSymlinks: true });
  }

  /** Copies a host file's content, following links, so the image has the real bytes. */
  copyFile(hostPath: string, path: string = hostPath): void {
    mkdirSync(dirname(this.at(path)), { recursive: true });
    copyFileSync(hostPath, this.at(path));
  }

  /** Creates a symbolic link at an image path. */
  symlink(target: string, path: string): void {
    mkdirSync(dirname(this.at(path)), { recursive: true });
    rmSync(this.at(path), { force: true });
    symlinkSync(target, this.at(path));
  }

  /** Hard-links an existing image file at another image path (how busybox applets are installed). */
  link(existing: string, path: string): void {
    mkdirSync(dirname(this.at(path)), { recursive: true });
    if (!existsSync(this.at(path))) linkSync(this.at(existing), this.at(path));
  }
}

/** The base files every image needs: root and nobody, a sticky /tmp, a resolver order. */
export function stageBaseFiles(stage: RootfsStage, extraUsers: string[] = []): void {
  stage.mkdir(['/etc', '/root', '/home', '/var', '/proc', '/sys', '/dev']);
  stage.mkdir(['/tmp'], 0o1777);
  stage.write(
    '/etc/passwd',
    ['root:x:0:0:root:/root:/bin/sh', ...extraUsers, 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false', ''].join(
      '\n',
    ),
  );
  const groups = [
    'root:x:0:',
    ...extraUsers.map((u) => {
      const [name, , , gid] = u.split(':');
      return `${name}:x:${gid}:`;
    }),
    'nogroup:x:65534:',
    '',
  ];
  stage.write('/etc/group', groups.join('\n'));
  stage.write('/etc/nsswitch.conf', 'passwd: files\ngroup: files\nhosts: files dns\n');
}

/** The host's static busybox, from Debian's busybox-static. */
export const HOST_BUSYBOX = '/bin/busybox';

async function isStatic(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  const ldd = await execa('ldd', [path], { reject: false });
  return /not a dynamic executable/.test(`${ldd.stdout}${ldd.stderr}`);
}

/** Makes sure the host's busybox is the static build (installing busybox-static); returns its version. */
export async function ensureStaticBusybox(path: string = HOST_BUSYBOX): Promise<string> {
  if (!(await isStatic(path))) await aptInstall(['busybox-static'], 'images seed');
  if (!(await isStatic(path))) {
    throw new DockbookError({
      code: 'SEED_FAILED',
      operation: 'images seed',
      target: 'busybox',
      reason: `${path} is missing or not the static build`,
      hint: "Install Debian's busybox-static.",
      command: 'apt-get install busybox-static',
    });
  }
  const { stdout } = await execa(path, [], { reject: false });
  return /BusyBox v(\S+)/.exec(stdout)?.[1] ?? 'unknown';
}

/** Installs the static busybox at /bin/busybox, with every applet hard-linked at its standard path. */
export async function stageBusybox(stage: RootfsStage, hostBusybox: string = HOST_BUSYBOX): Promise<string> {
  const version = await ensureStaticBusybox(hostBusybox);
  stage.copyFile(hostBusybox, '/bin/busybox');
  const { stdout } = await execa(hostBusybox, ['--list-full']);
  for (const applet of stdout.split('\n').filter(Boolean)) {
    if (applet !== 'bin/busybox') stage.link('/bin/busybox', `/${applet}`);
  }
  return version;
}

/** Writes the stage as a tar stream (numeric owners, as an image layer needs). */
export function tarStage(dir: string) {
  return execa('tar', ['--numeric-owner', '-C', dir, '-cf', '-', '.'], { buffer: false, stdin: 'ignore' });
}
