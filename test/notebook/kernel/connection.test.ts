import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePorts, newConnectionInfo, writeConnectionFile } from '../../../src/notebook/kernel/connection.ts';

describe('a kernel connection file', () => {
  it('names five distinct loopback ports that are free to bind', async () => {
    const ports = await freePorts(5);
    expect(new Set(ports).size).toBe(5);
    for (const port of ports) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('carries a random HMAC-SHA256 key over tcp on 127.0.0.1', async () => {
    const [a, b] = await Promise.all([newConnectionInfo(), newConnectionInfo()]);
    expect(a).toMatchObject({ transport: 'tcp', ip: '127.0.0.1', signature_scheme: 'hmac-sha256' });
    expect(a.key).toMatch(/^[0-9a-f]{64}$/);
    expect(a.key).not.toBe(b.key);
  });

  it(
    "uses unix sockets in the kernel's own folder when " + 'given one, so no other process can take its addresses',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'dockbook-test-'));
      try {
        const info = await newConnectionInfo(dir);
        expect(info).toMatchObject({
          transport: 'ipc',
          ip: join(dir, 'kernel'),
          shell_port: 1,
          iopub_port: 2,
          stdin_port: 3,
          control_port: 4,
          hb_port: 5,
        });
        // A folder whose path is too long for a unix socket falls back to loopback ports.
        expect(await newConnectionInfo(join(dir, 'x'.repeat(100)))).toMatchObject({
          transport: 'tcp',
          ip: '127.0.0.1',
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it('is readable by its owner only, since it holds the key', async () => {
    const info = await newConnectionInfo();
    const dir = await mkdtemp(join(tmpdir(), 'dockbook-test-'));
    try {
      const file = await writeConnectionFile(dir, info);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(info);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
