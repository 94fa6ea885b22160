import { escapeHtml } from '../display/html.ts';

const KEYWORDS = new Set(
  (
    'as async await break case catch class const continue default delete do else export extends false finally for ' +
    'from function if import in instanceof interface let new null of return static super switch this throw true try ' +
    'type typeof undefined var void while yield'
  ).split(' '),
);

/** One token per alternative: comment, string, number, word, anything else (one character). */
const TOKEN = new RegExp(
  [
    /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))/.source,
    /('(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?|`(?:\\[\s\S]|[^`\\])*`?)/.source,
    /(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?n?\b|\b0x[\da-f]+\b)/.source,
    /([A-Za-z_$][\w$]*)/.source,
    /([\s\S])/.source,
  ].join('|'),
  'giy',
);

/**
 * Highlights TypeScript as HTML: comments, strings, numbers and keywords become
 * `<span class="c|s|n|k">`; every piece of text is escaped. Runs locally, with no library.
 *
 * @example
 * highlightTypeScript('const a = "<b>"; // hi');
 * // '<span class="k">const</span> a = <span class="s">&quot;&lt;b&gt;&quot;</span>; <span class="c">// hi</span>'
 */
export function highlightTypeScript(code: string): string {
  let html = '';
  let plain = '';
  const flush = () => {
    html += escapeHtml(plain);
    plain = '';
  };
  const span = (kind: string, text: string) => {
    flush();
    html += `<span class="${kind}">${escapeHtml(text)}</span>`;
  };
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(code); m; m = TOKEN.exec(code)) {
    const [text, comment, string, number, word] = m;
    if (comment !== undefined) span('c', text);
    else if (string !== undefined) span('s', text);
    else if (number !== undefined) span('n', text);
    else if (word !== undefined && KEYWORDS.has(word)) span('k', text);
    else plain += text;
  }
  flush();
  return html;
}
