import { createInterface } from 'node:readline';

/** One message of the engine's JSON progress stream (build, pull, push). */
export interface StreamEvent {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { code?: number; message?: string };
}

/**
 * The events of a JSON progress stream, one per line, decoded as UTF-8 across chunk
 * boundaries. Ends when the stream ends; throws when it breaks (e.g. on abort).
 *
 * @example
 * for await (const event of streamEvents(await docker.pull('busybox'))) console.log(event.status);
 */
export async function* streamEvents(stream: NodeJS.ReadableStream): AsyncGenerator<StreamEvent> {
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    if (line.trim()) yield JSON.parse(line) as StreamEvent;
  }
}

/**
 * The failure an event carries, if any: a stream with an error in it is a failed operation.
 *
 * @example
 * streamError({ error: 'manifest unknown', errorDetail: { message: 'manifest unknown' } }) // 'manifest unknown'
 */
export function streamError(event: StreamEvent): string | undefined {
  if (event.error === undefined && event.errorDetail === undefined) return undefined;
  return (event.errorDetail?.message ?? event.error ?? 'the engine reported an error').trim();
}
