import { randomUUID } from 'node:crypto';
import type * as Zmq from 'zeromq';
import { channelAddress, type ConnectionInfo } from './connection.ts';
import { decodeMessage, encodeMessage, newHeader, type JupyterMessage } from './wire.ts';

/** The channels a client sends requests on. */
export type RequestChannel = 'shell' | 'control';

/** Receives the replies and iopub messages whose parent is one request. */
export type MessageHandler = (message: JupyterMessage) => void;

/**
 * The client ends of a kernel's sockets: Dealers for shell and control, a Subscriber for
 * iopub. A message received on any of them, once its signature checks, goes to the handler of
 * the request named by its `parent_header.msg_id`; the handler tells replies and iopub
 * messages apart by `msg_type`.
 */
export class KernelChannels {
  readonly session = randomUUID();
  private readonly key: string;
  private readonly sockets: Record<RequestChannel, Zmq.Dealer>;
  private readonly iopub: Zmq.Subscriber;
  private readonly handlers = new Map<string, MessageHandler>();
  /** zeromq allows one pending send per socket, so sends on a socket go one after another. */
  private readonly sending: Record<RequestChannel, Promise<void>> = {
    shell: Promise.resolve(),
    control: Promise.resolve(),
  };

  /**
   * Connects to the kernel described by `info` (connecting succeeds before the kernel
   * listens; messages wait in the socket until it does).
   *
   * @example
   * const channels = new KernelChannels(info, await loadZeromq());
   * channels.send('shell', 'kernel_info_request', {}, (message) => console.log(message.header.msg_type));
   */
  constructor(info: ConnectionInfo, zmq: typeof Zmq) {
    this.key = info.key;
    // linger 0: closing never waits for messages a dead kernel will not take.
    this.sockets = { shell: new zmq.Dealer({ linger: 0 }), control: new zmq.Dealer({ linger: 0 }) };
    this.iopub = new zmq.Subscriber({ linger: 0 });
    for (const channel of ['shell', 'control'] as const) {
      this.sockets[channel].connect(channelAddress(info, channel));
      void this.receive(this.sockets[channel]);
    }
    this.iopub.connect(channelAddress(info, 'iopub'));
    this.iopub.subscribe();
    void this.receive(this.iopub);
  }

  /**
   * Sends a request and returns its `msg_id`. Until `forget(msg_id)`, the messages whose
   * parent is the request go to `onMessage`.
   */
  send(
    channel: RequestChannel,
    msgType: string,
    content: Record<string, unknown> = {},
    onMessage?: MessageHandler,
  ): string {
    const header = newHeader(msgType, this.session);
    const frames = encodeMessage({ header, parent_header: {}, metadata: {}, content, buffers: [] }, this.key);
    const socket = this.sockets[channel];
    // A send fails only once the socket is closed, when nobody waits for the answer any more.
    this.sending[channel] = this.sending[channel].then(() => socket.send(frames)).catch(() => undefined);
    if (onMessage) this.handlers.set(header.msg_id, onMessage);
    return header.msg_id;
  }

  forget(msgId: string): void {
    this.handlers.delete(msgId);
  }

  close(): void {
    this.handlers.clear();
    this.sockets.shell.close();
    this.sockets.control.close();
    this.iopub.close();
  }

  /** Hands each verified message to its request's handler; the loop ends when the socket closes. */
  private async receive(socket: Zmq.Dealer | Zmq.Subscriber): Promise<void> {
    for await (const frames of socket) {
      let message: JupyterMessage;
      try {
        message = decodeMessage(frames, this.key);
      } catch {
        // Not signed with our key, so not from our kernel: dropped, as jupyter_client does.
        continue;
      }
      const parent = message.parent_header.msg_id;
      if (parent !== undefined) this.handlers.get(parent)?.(message);
    }
  }
}
