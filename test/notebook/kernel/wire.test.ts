import { describe, expect, it } from 'vitest';
import { isDockbookError } from '../../../src/errors.ts';
import {
  decodeMessage,
  encodeMessage,
  newHeader,
  sign,
  type JupyterMessage,
} from '../../../src/notebook/kernel/wire.ts';

const key = 'secret';
const message = (): JupyterMessage => ({
  header: newHeader('execute_request', 'session-1'),
  parent_header: {},
  metadata: {},
  content: { code: 'console.log("é")' },
  buffers: [],
});
const frames = (parts: (string | Buffer)[]) => parts.map((part) => Buffer.from(part));

describe('the Jupyter wire format', () => {
  it('signs the four JSON frames with HMAC-SHA256, as jupyter_client does', () => {
    // Expected values from `printf '{}{}{}{}' | openssl dgst -sha256 -hmac secret`.
    expect(sign(key, ['{}', '{}', '{}', '{}'])).toBe(
      '34982f0bfec60e7b933ffde06c1ecab0fba073717a95ab943d1dd06f82c2d5e4',
    );
    expect(sign(key, ['{"msg_type":"x"}', '{}', '{}', '{"a":1}'])).toBe(
      '32972b1815408d08f4296c6fe7ec76ca2b7e7a96abe4a2babcb557017d696574',
    );
  });

  it('frames a message as delimiter, signature, header, parent, metadata, content', () => {
    const sent = message();
    const [delimiter, signature, header, ...rest] = encodeMessage(sent, key);
    expect(delimiter).toBe('<IDS|MSG>');
    expect(JSON.parse(String(header))).toEqual(sent.header);
    expect(rest.map(String)).toEqual(['{}', '{}', '{"code":"console.log(\\"é\\")"}']);
    expect(signature).toBe(sign(key, [String(header), ...rest.map(String)]));
  });

  it('reads a message after routing identities, with its buffers', () => {
    const sent = { ...message(), buffers: [Buffer.from([1, 2, 3])] };
    const received = decodeMessage(frames(['router-id-1', 'router-id-2', ...encodeMessage(sent, key)]), key);
    expect(received).toEqual(sent);
  });

  it('refuses a message whose content was changed, or signed with another key', () => {
    const parts = frames(encodeMessage(message(), key));
    parts[5] = Buffer.from('{"code":"process.exit()"}');
    expect(() => decodeMessage(parts, key)).toThrow(/signature does not match/);
    expect(() => decodeMessage(frames(encodeMessage(message(), 'other')), key)).toThrow(/signature does not match/);
  });

  it('refuses frames without a complete message', () => {
    const error = (() => {
      try {
        decodeMessage(frames(['no', 'delimiter']), key);
      } catch (caught) {
        return caught;
      }
    })();
    expect(isDockbookError(error, 'ENGINE_ERROR')).toBe(true);
    expect(() => decodeMessage(frames(['<IDS|MSG>', 'sig', '{}']), key)).toThrow(/without a complete/);
  });
});
