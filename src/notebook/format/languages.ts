/**
 * The fence languages Jupytext's `md` format reads as code cells (its `_JUPYTER_LANGUAGES`:
 * cell magics and script languages), as written or in capitals. Any other fence stays Markdown.
 */
const JUPYTER_LANGUAGES = new Set([
  'R',
  'bash',
  'sh',
  'python',
  'python2',
  'python3',
  'coconut',
  'javascript',
  'js',
  'perl',
  'html',
  'latex',
  'markdown',
  'pypy',
  'ruby',
  'script',
  'svg',
  'matlab',
  'octave',
  'idl',
  'robotframework',
  'sas',
  'spark',
  'sql',
  'cython',
  'haskell',
  'tcl',
  'gnuplot',
  'julia',
  'c++',
  'scheme',
  'clojure',
  'powershell',
  'q',
  'typescript',
  'scala',
  'rust',
  'csharp',
  'fsharp',
  'sos',
  'java',
  'groovy',
  'sage',
  'ocaml',
  'maxima',
  'stata',
  'xonsh',
  'lua',
  'go',
  'c#',
  'f#',
  'cs',
  'fs',
]);

/** The notebook's own language: the only fence that is a dockbook cell. */
export const CELL_LANGUAGE = 'typescript';

/**
 * True when Jupytext would turn a fence in this language into a code cell of the notebook
 * (another language than the kernel's becomes a `%%language` magic cell).
 *
 * @example
 * isJupyterLanguage('sh');         // true: Jupytext makes a %%sh cell of it
 * isJupyterLanguage('dockerfile'); // false: it stays Markdown
 */
export function isJupyterLanguage(language: string): boolean {
  if (JUPYTER_LANGUAGES.has(language)) return true;
  return [...JUPYTER_LANGUAGES].some((known) => known.toUpperCase() === language);
}
