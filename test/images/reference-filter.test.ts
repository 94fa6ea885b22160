import { describe, expect, it } from 'vitest';
import { globMatch } from '../../src/images/list.ts';

// `docker images PATTERN`: Go's path.Match, as Docker's reference filter applies it (images() keeps the matching names
// of an image only, as Docker's answer does; Podman's answer keeps all of them).
describe('globMatch', () => {
  it.each([
    ['busybox', 'busybox', true],
    ['busybox:*', 'busybox:latest', true],
    ['web*', 'web:v1', true],
    ['web*', 'web-x', true],
    ['*', 'team/app', false],
    ['*/*', 'team/app', true],
    ['w?b', 'web', true],
    ['[a-c]pp', 'app', true],
    ['[^a-c]pp', 'app', false],
    ['a.b', 'axb', false],
    ['a\\*', 'a*', true],
    ['127.0.0.1:5000/app', '127.0.0.1:5000/app', true],
  ])('%s against %s: %s', (pattern, text, matches) => {
    expect(globMatch(pattern, text)).toBe(matches);
  });
});
