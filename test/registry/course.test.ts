import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { courseRegistries } from '../../src/registry/course.ts';
import { useRegistryEnv } from './fixtures.ts';

const r = useRegistryEnv();

describe('courseRegistries', () => {
  it('names both registries by the ports of the environment, with the private login', () => {
    const registries = courseRegistries(r.env);
    expect(registries.public).toBe(`127.0.0.1:${r.env.DOCKBOOK_REGISTRY_PORT}`);
    expect(registries.private).toBe(`127.0.0.1:${r.env.DOCKBOOK_PRIVATE_REGISTRY_PORT}`);
    expect(registries.credentials.username).toBe('student');
    expect(registries.credentials.password).toMatch(/^[\w-]{24}$/);
  });

  it('prints without the password, however it is printed', () => {
    const registries = courseRegistries(r.env);
    const { password } = registries.credentials;
    expect(inspect(registries)).toBe(
      `public: ${registries.public} (anonymous)\nprivate: ${registries.private} (login: student:********)`,
    );
    for (const text of [
      inspect(registries, { depth: 5 }),
      JSON.stringify(registries),
      String(registries.credentials),
      inspect(registries.credentials),
    ])
      expect(text).not.toContain(password);
  });
});
