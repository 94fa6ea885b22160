import type { KernelInfo, MimeBundle } from './types.ts';
import type { JupyterMessage } from './wire.ts';

/** The error fields of an `error` message or a failed `execute_reply`. */
export interface ErrorFields {
  ename: string;
  evalue: string;
  traceback: string[];
}

/**
 * A message the kernel sent, read into the shape its type promises (Jupyter messaging 5.3).
 * Every field was checked on the way in: code that switches on `type` reads typed values,
 * never `content.x as …`. A message of a known type that lacks a field the protocol requires
 * is `malformed` and names what is wrong, so a kernel bug fails the cell instead of vanishing.
 */
export type KernelMessage =
  | { type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | {
      type: 'display_data' | 'update_display_data';
      data: MimeBundle;
      metadata: Record<string, unknown>;
      displayId?: string;
    }
  | { type: 'execute_result'; data: MimeBundle; metadata: Record<string, unknown>; executionCount: number | null }
  | ({ type: 'error' } & ErrorFields)
  | { type: 'status'; state: string }
  | {
      type: 'execute_reply';
      status: 'ok' | 'error' | 'abort';
      executionCount: number | null;
      /** Set when `status` is `error` and the reply carries the exception. */
      error?: ErrorFields;
      /** What dockbook's preload recorded about the thrown value (`dockbook.thrown`), unchecked here. */
      thrown?: unknown;
    }
  | { type: 'kernel_info_reply'; info: KernelInfo }
  | { type: 'malformed'; msgType: string; problem: string }
  | { type: 'other'; msgType: string };

type Content = Record<string, unknown>;

const isRecord = (value: unknown): value is Content =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const countOf = (content: Content): number | null =>
  typeof content.execution_count === 'number' ? content.execution_count : null;

/** Whether the content carries an exception's fields (traceback may be absent: it is then empty). */
export function isErrorContent(content: Content): boolean {
  return isString(content.ename) && isString(content.evalue);
}

function errorFields(content: Content): ErrorFields {
  const traceback = Array.isArray(content.traceback) ? content.traceback.map(String) : [];
  return { ename: String(content.ename), evalue: String(content.evalue), traceback };
}

function bundle(content: Content): { data: MimeBundle; metadata: Record<string, unknown> } | undefined {
  if (!isRecord(content.data)) return undefined;
  return { data: content.data, metadata: isRecord(content.metadata) ? content.metadata : {} };
}

function displayId(content: Content): { displayId?: string } {
  const id = isRecord(content.transient) ? content.transient.display_id : undefined;
  return isString(id) ? { displayId: id } : {};
}

function isKernelInfo(content: Content): content is Content & KernelInfo {
  return (
    isString(content.protocol_version) &&
    isString(content.implementation) &&
    isRecord(content.language_info) &&
    isString(content.language_info.name)
  );
}

/**
 * Reads a kernel message into a {@link KernelMessage}, checking each field its type requires.
 *
 * @example
 * readMessage({ header: { msg_type: 'stream', … }, content: { name: 'stdout', text: 'hi\n' }, … });
 * // { type: 'stream', name: 'stdout', text: 'hi\n' }
 * readMessage({ header: { msg_type: 'stream', … }, content: { name: 'stdout' }, … });
 * // { type: 'malformed', msgType: 'stream', problem: 'a stream message without its text' }
 */
export function readMessage({ header, content }: Pick<JupyterMessage, 'header' | 'content'>): KernelMessage {
  const msgType = header.msg_type;
  const malformed = (problem: string): KernelMessage => ({ type: 'malformed', msgType, problem });
  switch (msgType) {
    case 'stream':
      if (!isString(content.text)) return malformed('a stream message without its text');
      if (content.name !== 'stdout' && content.name !== 'stderr')
        return malformed(`a stream named ${JSON.stringify(content.name)} (stdout or stderr expected)`);
      return { type: 'stream', name: content.name, text: content.text };
    case 'display_data':
    case 'update_display_data':
    case 'execute_result': {
      const shown = bundle(content);
      if (!shown)
        return malformed(`${msgType === 'execute_result' ? 'an' : 'a'} ${msgType} message without a data bundle`);
      if (msgType === 'execute_result') return { type: msgType, ...shown, executionCount: countOf(content) };
      if (msgType === 'update_display_data' && !displayId(content).displayId)
        return malformed('an update_display_data message without a display_id');
      return { type: msgType, ...shown, ...displayId(content) };
    }
    case 'error':
      if (!isErrorContent(content)) return malformed('an error message without ename and evalue');
      return { type: 'error', ...errorFields(content) };
    case 'status':
      if (!isString(content.execution_state)) return malformed('a status message without execution_state');
      return { type: 'status', state: content.execution_state };
    case 'execute_reply': {
      const { status } = content;
      if (status !== 'ok' && status !== 'error' && status !== 'abort')
        return malformed(`an execute_reply with status ${JSON.stringify(status)} (ok, error or abort expected)`);
      const thrown = isRecord(content.dockbook) ? content.dockbook.thrown : undefined;
      return {
        type: 'execute_reply',
        status,
        executionCount: countOf(content),
        ...(status === 'error' && isErrorContent(content) ? { error: errorFields(content) } : {}),
        ...(thrown === undefined ? {} : { thrown }),
      };
    }
    case 'kernel_info_reply':
      if (!isKernelInfo(content)) return malformed('a kernel_info_reply without protocol_version or language_info');
      return { type: 'kernel_info_reply', info: content };
    default:
      return { type: 'other', msgType };
  }
}
