import { describe, expect, it } from 'vitest';
import { fullImageId, shortId } from '../../src/display/ids.ts';

const HEX = '9041a5dd95d6d67cc10b891ccefb5d576f63551204585966cc962b69446fc857';

describe('image IDs', () => {
  it("fullImageId gives Podman's bare IDs (prune, rmi, history) Docker's sha256: prefix", () => {
    expect(fullImageId(HEX)).toBe(`sha256:${HEX}`);
    expect(fullImageId(`sha256:${HEX}`)).toBe(`sha256:${HEX}`);
    expect(fullImageId('<missing>')).toBe('<missing>');
    expect(fullImageId(HEX.slice(0, 12))).toBe(HEX.slice(0, 12));
  });

  it('shortId is the same 12 characters either way', () => {
    expect(shortId(HEX)).toBe('9041a5dd95d6');
    expect(shortId(fullImageId(HEX))).toBe('9041a5dd95d6');
  });
});
