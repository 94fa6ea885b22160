import { inspect } from 'node:util';
import { milliseconds, nonEmptyString } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/** What an HTTP request from the host saw: a status and body, or the connection error. */
export interface HttpResult {
  url: string;
  /** The HTTP status, or undefined when no connection was made. */
  status?: number;
  body: string;
  /** The connection error's code (e.g. `ECONNREFUSED`, `ECONNRESET`) when the request failed. */
  error?: string;
}

export interface HttpOptions {
  /** Keep retrying connection errors for this long (a server that is still starting). Default 0. */
  waitMs?: number;
  /** Per-attempt timeout, ms. Default 5000. */
  timeoutMs?: number;
}

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; errors?: Array<{ code?: string }> } }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? (error as Error).name ?? 'ERROR';
}

/** What http() takes, checked at its entry. */
export const HTTP_SIGNATURE = signature({
  operation: 'http',
  ctx: false,
  params: [{ name: 'url', shape: nonEmptyString, example: 'http://127.0.0.1:1/' }],
  options: { waitMs: milliseconds, timeoutMs: milliseconds },
  command: 'curl URL',
});

/**
 * GETs a URL from the host, the way `curl` would in the course, and never throws: a refused or
 * reset connection is a result with `error`, so a cell can assert that nothing is listening.
 *
 * @example
 * (await http('http://127.0.0.1:3000/', { waitMs: 5000 })).status // 200
 */
export async function http(url: string, options: HttpOptions = {}): Promise<HttpResult> {
  checkArgs(HTTP_SIGNATURE, arguments);
  const { waitMs = 0, timeoutMs = 5000 } = options;
  const deadline = Date.now() + waitMs;
  for (;;) {
    // A referenced timer (AbortSignal.timeout's is not) keeps a script alive while it waits.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
    try {
      const response = await fetch(url, { signal: controller.signal });
      const result = { url, status: response.status, body: await response.text() };
      return Object.assign(result, { [inspect.custom]: () => `HTTP ${result.status}\n${result.body}` });
    } catch (error) {
      if (Date.now() >= deadline) {
        const code = errorCode(error);
        return Object.assign(
          { url, body: '', error: code },
          { [inspect.custom]: () => `no answer from ${url} (${code})` },
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      clearTimeout(timer);
    }
  }
}
