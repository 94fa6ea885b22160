import { createRequire } from 'node:module';
import { environment } from '../validate/common.ts';
import { hasFields, func, shape } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/**
 * What show() takes, checked at its entry. Any value can be shown (undefined prints as such),
 * so only the arity and the options are checked.
 */
export const SHOW_SIGNATURE = signature({
  operation: 'show',
  ctx: false,
  params: [{ name: 'value', shape: shape('any value', () => true), example: 'text' }],
  options: { display: hasFields({ html: func }, 'a display { html(html) }'), env: environment },
  command: 'show(value, options?)',
});

/** What show() needs of tslab's display API. */
export interface HtmlDisplay {
  html(html: string): void;
}

/** What dockbook uses of tslab's public module: its display, and new displays that update in place. */
export interface TslabDisplays {
  display: HtmlDisplay;
  newDisplay(): { text(text: string): void };
}

/**
 * tslab's module when this process is a tslab kernel (its own copy, so displays reach Jupyter),
 * else undefined: show() and live progress reach Jupyter through it.
 */
export function tslabModule(): TslabDisplays | undefined {
  try {
    return createRequire(import.meta.url)('tslab') as TslabDisplays;
  } catch {
    return undefined;
  }
}

function tslabDisplay(): HtmlDisplay | undefined {
  return tslabModule()?.display;
}

export interface ShowOptions {
  display?: HtmlDisplay | undefined;
  env?: NodeJS.ProcessEnv;
}

/**
 * Shows a result the way its reader sees it best: in Jupyter, a listing (ps, images, volumes,
 * history, build steps) as an HTML table; in a terminal, and under dockbook's runner (which
 * verifies text), as its text form.
 *
 * @example
 * show(await docker.ps({ all: true })); // a table in Jupyter, aligned columns elsewhere
 */
export function show(value: unknown, options: ShowOptions = {}): void {
  checkArgs(SHOW_SIGNATURE, arguments);
  const { env = process.env } = options;
  const toHTML = (value as { toHTML?: () => string } | null)?.toHTML;
  const inJupyter =
    env.JPY_PARENT_PID !== undefined ||
    (env.DOCKBOOK_RUN === undefined && process.argv.some((a) => a.endsWith('tslab')));
  const display = 'display' in options ? options.display : inJupyter ? tslabDisplay() : undefined;
  if (display && typeof toHTML === 'function') display.html(toHTML.call(value));
  else console.log(String(value));
}
