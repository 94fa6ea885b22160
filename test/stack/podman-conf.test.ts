import { describe, expect, it } from 'vitest';
import {
  containersConf,
  networkConfig,
  pathsProblem,
  PODMAN_NETWORK,
  podmanArgs,
  podmanEnv,
  podmanPaths,
  registriesConf,
  storageConf,
  ulimitsOf,
} from '../../src/stack/podman-conf.ts';
import {
  bootTimeMs,
  conflictingRoutes,
  containerUlimits,
  hardLimits,
  ipv4Routes,
  mountsUnder,
  overlaps,
  staleAfterReboot,
  storageDriver,
} from '../../src/stack/podman-host.ts';

const paths = podmanPaths({ DOCKBOOK_CACHE: '/c' });

describe("the project's Podman: its folder and configuration files", () => {
  it('keeps everything under <cache>/podman, the socket included', () => {
    expect(paths).toEqual({
      dir: '/c/podman',
      socket: '/c/podman/podman.sock',
      host: 'unix:///c/podman/podman.sock',
      containersConf: '/c/podman/containers.conf',
      registriesConf: '/c/podman/registries.conf',
      storageConf: '/c/podman/storage.conf',
      graphRoot: '/c/podman/storage',
      runRoot: '/c/podman/run',
      tmpDir: '/c/podman/tmp',
      networkDir: '/c/podman/networks',
    });
  });

  it('refuses a cache folder so long that Podman would refuse its runroot (over 50 bytes)', () => {
    expect(pathsProblem(paths)).toBeUndefined();
    expect(pathsProblem(podmanPaths({ DOCKBOOK_CACHE: `/${'c'.repeat(38)}` }))).toBeUndefined();
    expect(pathsProblem(podmanPaths({ DOCKBOOK_CACHE: `/${'c'.repeat(39)}` }))).toBe(
      `its run folder /${'c'.repeat(39)}/podman/run is 51 bytes long, and Podman takes at most 50`,
    );
  });

  it('starts `podman system service` with its own root, runroot and tmpdir, never timing out', () => {
    expect(podmanArgs(paths)).toEqual([
      '--root',
      '/c/podman/storage',
      '--runroot',
      '/c/podman/run',
      '--tmpdir',
      '/c/podman/tmp',
      'system',
      'service',
      '--time=0',
      'unix:///c/podman/podman.sock',
    ]);
  });

  it("points Podman's three configuration variables at its own files, keeping the rest of the environment", () => {
    expect(podmanEnv(paths, { PATH: '/usr/bin', CONTAINERS_CONF: '/etc/elsewhere.conf' })).toEqual({
      PATH: '/usr/bin',
      CONTAINERS_CONF: '/c/podman/containers.conf',
      CONTAINERS_REGISTRIES_CONF: '/c/podman/registries.conf',
      CONTAINERS_STORAGE_CONF: '/c/podman/storage.conf',
    });
  });

  it('containers.conf: the ulimits, cgroupfs, file events and locks, its own network folder and run state', () => {
    const conf = containersConf(paths, ['nofile=20000:20000', 'nproc=32768:32768']);
    expect(conf).toContain('[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]\n');
    for (const line of [
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      'lock_type = "file"',
      'network_backend = "netavark"',
      'network_config_dir = "/c/podman/networks"',
      'default_network = "dockbook"',
      'default_subnet = "10.87.0.0/24"',
      'tmp_dir = "/c/podman/tmp"',
    ]) {
      expect(conf.split('\n')).toContain(line);
    }
    expect(conf.indexOf('[containers]')).toBeLessThan(conf.indexOf('[network]'));
    expect(conf.indexOf('[network]')).toBeLessThan(conf.indexOf('[engine]'));
  });

  it('reads back the ulimits it wrote, and nothing from a file without them', () => {
    const ulimits = ['nofile=1024:1024', 'nproc=512:512'];
    expect(ulimitsOf(containersConf(paths, ulimits))).toEqual(ulimits);
    expect(ulimitsOf('[containers]\n')).toBeUndefined();
  });

  it('escapes paths as TOML strings', () => {
    const odd = podmanPaths({ DOCKBOOK_CACHE: '/c/a "quoted" \\ name' });
    expect(storageConf(odd, 'overlay')).toContain('graphroot = "/c/a \\"quoted\\" \\\\ name/podman/storage"');
  });

  it('storage.conf: the driver named, its own graphroot and runroot', () => {
    expect(storageConf(paths, 'overlay')).toBe(
      '# Written by dockbook (engine up --podman).\n[storage]\ndriver = "overlay"\n' +
        'graphroot = "/c/podman/storage"\nrunroot = "/c/podman/run"\n',
    );
  });

  it('registries.conf: short names on docker.io, mirrored by the public registry; course registries insecure', () => {
    const conf = registriesConf({});
    expect(conf).toContain('unqualified-search-registries = ["docker.io"]');
    expect(conf).toContain(
      '[[registry]]\nprefix = "docker.io"\nlocation = "docker.io"\n\n' +
        '[[registry.mirror]]\nlocation = "127.0.0.1:5000"\ninsecure = true\n',
    );
    const insecure = [...conf.matchAll(/^\[\[registry\]\]\nlocation = "(.*)"\ninsecure = true$/gm)].map((m) => m[1]);
    expect(insecure).toEqual(['127.0.0.1:5000', '127.0.0.1:5001', 'localhost:5000', 'localhost:5001']);
  });

  it('registries.conf follows the registry ports the environment sets', () => {
    const conf = registriesConf({ DOCKBOOK_REGISTRY_PORT: '6000', DOCKBOOK_PRIVATE_REGISTRY_PORT: '6001' });
    expect(conf).toContain('[[registry.mirror]]\nlocation = "127.0.0.1:6000"');
    for (const host of ['127.0.0.1:6000', '127.0.0.1:6001', 'localhost:6000', 'localhost:6001']) {
      expect(conf).toContain(`[[registry]]\nlocation = "${host}"\ninsecure = true`);
    }
    expect(conf).not.toContain(':5000');
  });

  it('the default network: its own bridge and subnet, no DNS (as docker0), the same definition every time', () => {
    const network = JSON.parse(networkConfig()) as Record<string, unknown>;
    expect(network).toMatchObject({
      name: 'dockbook',
      driver: 'bridge',
      network_interface: 'dockbook0',
      subnets: [{ subnet: '10.87.0.0/24', gateway: '10.87.0.1' }],
      dns_enabled: false,
      internal: false,
    });
    expect(network.id).toMatch(/^[0-9a-f]{64}$/);
    expect(networkConfig()).toBe(networkConfig());
  });

  it("the subnet collides with no network Docker, stock Podman or the course's tests use", () => {
    for (const other of [
      '172.17.0.0/16', // docker0
      '172.16.0.0/12', // Docker's default address pools
      '192.168.0.0/16',
      '198.18.0.0/15', // the course's test bridges
      '10.88.0.0/16', // Podman's podman0
      '10.89.0.0/16', // Podman's first default subnet pool
    ]) {
      expect(overlaps(PODMAN_NETWORK.subnet, other), other).toBe(false);
    }
  });
});

describe('what this machine allows the Podman service', () => {
  const limits = [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max cpu time              unlimited            unlimited            seconds   ',
    'Max processes             32768                32768                processes ',
    'Max open files            1024                 20000                files     ',
  ].join('\n');

  it('reads the hard limits of open files and processes from /proc/<pid>/limits', () => {
    expect(hardLimits(limits)).toEqual({ nofile: 20000, nproc: 32768 });
    expect(hardLimits(limits.replace('32768                32768', 'unlimited            unlimited'))).toEqual({
      nofile: 20000,
      nproc: Infinity,
    });
    expect(hardLimits('')).toEqual({});
  });

  it("gives containers the hard limits, at most Podman's own default of 1048576", () => {
    expect(containerUlimits({ nofile: 20000, nproc: 32768 })).toEqual(['nofile=20000:20000', 'nproc=32768:32768']);
    expect(containerUlimits({ nofile: 4_000_000, nproc: Infinity })).toEqual([
      'nofile=1048576:1048576',
      'nproc=1048576:1048576',
    ]);
    expect(containerUlimits({})).toEqual(['nofile=1048576:1048576', 'nproc=1048576:1048576']);
  });

  const routes = [
    'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
    'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0',
    'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
    'docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0',
    'dbk12ab34\t001612C6\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
    '',
  ].join('\n');

  it("reads the host's IPv4 routes from /proc/net/route", () => {
    expect(ipv4Routes(routes)).toEqual([
      { iface: 'eth0', network: '0.0.0.0/0' },
      { iface: 'eth0', network: '192.0.2.0/24' },
      { iface: 'docker0', network: '172.17.0.0/16' },
      { iface: 'dbk12ab34', network: '198.18.22.0/24' },
    ]);
  });

  it('finds the routes its subnet would collide with: not the default route, not its own bridge', () => {
    const host = ipv4Routes(routes);
    expect(conflictingRoutes('10.87.0.0/24', host, 'dockbook0')).toEqual([]);
    const taken = [...host, { iface: 'eth1', network: '10.0.0.0/8' }, { iface: 'dockbook0', network: '10.87.0.0/24' }];
    expect(conflictingRoutes('10.87.0.0/24', taken, 'dockbook0')).toEqual([{ iface: 'eth1', network: '10.0.0.0/8' }]);
  });

  it('tells overlapping networks apart from neighbours', () => {
    expect(overlaps('10.87.0.0/24', '10.87.0.128/25')).toBe(true);
    expect(overlaps('10.87.0.0/24', '10.0.0.0/8')).toBe(true);
    expect(overlaps('10.87.0.0/24', '10.87.1.0/24')).toBe(false);
    expect(overlaps('10.87.0.0/24', '0.0.0.0/0')).toBe(true);
  });

  it('drops run state from before the last boot, and only that', () => {
    expect(bootTimeMs('cpu  1 2 3\nbtime 1796358545\nprocesses 9\n')).toBe(1_796_358_545_000);
    expect(bootTimeMs('cpu  1 2 3\n')).toBeUndefined();
    expect(staleAfterReboot(1_000, 2_000)).toBe(true);
    expect(staleAfterReboot(3_000, 2_000)).toBe(false);
    expect(staleAfterReboot(undefined, 2_000)).toBe(false);
    expect(staleAfterReboot(1_000, undefined)).toBe(false);
  });

  it('lists the mounts under its folder, deepest first, escapes decoded, never a sibling folder', () => {
    const mountinfo = [
      '26 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
      '45 26 254:0 /c/podman/storage/overlay /c/podman/storage/overlay rw - ext4 /dev/vda rw',
      '46 45 0:50 / /c/podman/storage/overlay/abc/merged rw - overlay overlay rw',
      '47 26 0:51 / /c/podman2/storage rw - tmpfs tmpfs rw',
      '48 26 0:52 / /c/podman/with\\040space rw - tmpfs tmpfs rw',
    ].join('\n');
    expect(mountsUnder(mountinfo, '/c/podman')).toEqual([
      '/c/podman/storage/overlay/abc/merged',
      '/c/podman/storage/overlay',
      '/c/podman/with space',
    ]);
  });

  it('uses overlay storage, except on an overlay filesystem', () => {
    expect(storageDriver(0xef53)).toBe('overlay'); // ext4
    expect(storageDriver(0x794c7630)).toBe('vfs');
  });
});
