import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { http } from '../../src/net/http.ts';

describe('http', () => {
  it('returns the status and body', async () => {
    const server = createServer((_, res) => res.end('hello'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const result = await http(`http://127.0.0.1:${port}/`);
    server.close();
    expect(result).toMatchObject({ status: 200, body: 'hello' });
  });

  it('reports a refused connection as a result instead of throwing', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await new Promise<void>((r) => server.close(() => r()));
    const result = await http(`http://127.0.0.1:${port}/`);
    expect(result.status).toBeUndefined();
    expect(result.error).toBe('ECONNREFUSED');
  });

  it('waits for a server that is still starting', async () => {
    const server = createServer((_, res) => res.end('late'));
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((r) => probe.close(() => r()));
    setTimeout(() => server.listen(port, '127.0.0.1'), 400);
    const result = await http(`http://127.0.0.1:${port}/`, { waitMs: 5000 });
    server.close();
    expect(result.body).toBe('late');
  });
});
