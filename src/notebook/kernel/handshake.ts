import type { KernelChannels } from './channels.ts';
import { kernelStartFailed } from './failures.ts';
import type { KernelProcess } from './process.ts';
import type { KernelInfo } from './types.ts';
import { until } from './until.ts';
import { readMessage } from './messages.ts';
import type { JupyterMessage } from './wire.ts';

/** Until iopub has delivered a status, kernel_info is asked again this often. */
const POLL_MS = 100;

/**
 * Waits until a starting kernel answers kernel_info on shell and has published a status on
 * iopub. A subscriber misses what is published before its subscription reaches the kernel
 * (ZeroMQ's slow joiner), so kernel_info is asked again until a status gets through.
 *
 * @example
 * const info = await handshake(channels, child, 30_000); // { implementation: 'tslab', … }
 */
export async function handshake(
  channels: KernelChannels,
  child: KernelProcess,
  timeoutMs: number,
): Promise<KernelInfo> {
  const deadline = performance.now() + timeoutMs;
  const asked: string[] = [];
  let info: KernelInfo | undefined;
  let published = false;
  let answered = (): void => undefined;
  const ready = new Promise<void>((resolve) => (answered = resolve));
  const onMessage = (message: JupyterMessage): void => {
    const read = readMessage(message);
    if (read.type === 'kernel_info_reply') info = read.info;
    published ||= read.type === 'status';
    if (info && published) answered();
  };
  try {
    while (performance.now() < deadline) {
      asked.push(channels.send('shell', 'kernel_info_request', {}, onMessage));
      const outcome = await until(ready, POLL_MS, child.exited);
      if (outcome === 'done' && info) return info;
      if (outcome === 'exit')
        throw kernelStartFailed(child.pid, 'ENGINE_ERROR', `the kernel ${child.describe(' before it was ready')}`);
    }
    throw kernelStartFailed(child.pid, 'TIMEOUT', `the kernel did not answer within ${timeoutMs} ms`);
  } finally {
    for (const id of asked) channels.forget(id);
  }
}
