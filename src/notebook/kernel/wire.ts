import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { DockbookError } from '../../errors.ts';

/** The Jupyter messaging protocol version this client speaks. */
export const PROTOCOL_VERSION = '5.3';

/** Separates the ZeroMQ routing identities from the message proper. */
const DELIMITER = '<IDS|MSG>';
const DELIMITER_BYTES = Buffer.from(DELIMITER);

export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** A Jupyter message, its fields named as on the wire. */
export interface JupyterMessage {
  header: MessageHeader;
  /** The header of the request this message answers or comes from; `{}` for none. */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  /** Raw binary buffers after the content frame (not signed, as the protocol says). */
  buffers: Buffer[];
}

/**
 * A new request header for `session`.
 *
 * @example
 * newHeader('execute_request', session); // { msg_id: '5f0c…', msg_type: 'execute_request', version: '5.3', … }
 */
export function newHeader(msgType: string, session: string): MessageHeader {
  return {
    msg_id: randomUUID(),
    msg_type: msgType,
    session,
    username: 'dockbook',
    date: new Date().toISOString(),
    version: PROTOCOL_VERSION,
  };
}

/**
 * The hex HMAC-SHA256 of the four JSON frames (header, parent header, metadata, content).
 *
 * @example
 * sign('secret', ['{}', '{}', '{}', '{}']); // '34982f0b…'
 */
export function sign(key: string, frames: readonly (string | Buffer)[]): string {
  const hmac = createHmac('sha256', key);
  for (const frame of frames) hmac.update(frame);
  return hmac.digest('hex');
}

/**
 * The frames of a message as it goes on the wire:
 * `[<IDS|MSG>, signature, header, parent_header, metadata, content, ...buffers]`
 * (a Dealer adds no routing identity of its own).
 *
 * @example
 * await shell.send(encodeMessage({ header: newHeader('kernel_info_request', session), parent_header: {}, metadata: {},
 * content: {}, buffers: [] }, key));
 */
export function encodeMessage(message: JupyterMessage, key: string): (string | Buffer)[] {
  const json = [message.header, message.parent_header, message.metadata, message.content].map((part) =>
    JSON.stringify(part),
  );
  return [DELIMITER, sign(key, json), ...json, ...message.buffers];
}

/**
 * Parses received frames, skipping routing identities, and checks the signature.
 * Throws a DockbookError when the frames are not a message or the signature is wrong.
 *
 * @example
 * for await (const frames of iopub) handle(decodeMessage(frames, key));
 */
export function decodeMessage(frames: readonly Buffer[], key: string): JupyterMessage {
  const at = frames.findIndex((frame) => frame.equals(DELIMITER_BYTES));
  const signature = frames[at + 1];
  const parts = frames.slice(at + 2, at + 6);
  if (at < 0 || signature === undefined || parts.length < 4) {
    throw wireError(`${frames.length} frames without a complete "${DELIMITER}" message`);
  }
  const expected = Buffer.from(sign(key, parts));
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    throw wireError('the HMAC signature does not match the connection key');
  }
  const [header, parent, metadata, content] = parts.map(
    (part) => JSON.parse(part.toString('utf8')) as Record<string, unknown>,
  );
  return {
    header: header as unknown as MessageHeader,
    parent_header: parent as Partial<MessageHeader>,
    metadata: metadata ?? {},
    content: content ?? {},
    buffers: frames.slice(at + 6),
  };
}

function wireError(reason: string): DockbookError {
  return new DockbookError({
    code: 'ENGINE_ERROR',
    operation: 'kernel',
    target: 'message',
    reason,
    hint: 'Only the kernel started with this connection file may talk on its ports.',
    command: 'jupyter kernelspec list',
  });
}
