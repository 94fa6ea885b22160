/** The file every page loads its search index from: a script assigning `DOCKBOOK_SEARCH` (fetch() fails on file://). */
export const SEARCH_INDEX_SCRIPT = 'search-index.js';

/** The file holding the page script below. */
export const CLIENT_SCRIPT = 'guide.js';

/**
 * The guide's only script, progressive enhancement over pages that read fully without it:
 * a Copy button on every code block (the `$ ` prompt and a command's note left out), and the search box, which
 * it shows, matching every word typed against the index (prose by section, each cell's
 * command, code and output), best first, each hit linking to its section or cell.
 */
export const CLIENT_JS = `(() => {
  'use strict';
  const copyText = (text, done) => {
    const fallback = () => {
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      const ok = document.execCommand('copy');
      area.remove();
      done(ok);
    };
    if (navigator.clipboard && window.isSecureContext)
      navigator.clipboard.writeText(text).then(() => done(true), fallback);
    else fallback();
  };
  for (const pre of document.querySelectorAll('main pre')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy this block');
    button.addEventListener('click', () => {
      const code = (pre.querySelector('code') || pre).cloneNode(true);
      for (const drop of code.querySelectorAll('.prompt, .note, .copy')) drop.remove();
      copyText(code.textContent.replace(/\\n$/, ''), (ok) => {
        button.textContent = ok ? 'Copied' : 'Select and copy';
        setTimeout(() => (button.textContent = 'Copy'), 1500);
      });
    });
    pre.appendChild(button);
  }

  const form = document.getElementById('search');
  const list = document.getElementById('search-results');
  const index = window.DOCKBOOK_SEARCH;
  if (!form || !list || !Array.isArray(index)) return;
  form.hidden = false;
  const input = form.querySelector('input');
  const count = (hay, term) => {
    let n = 0;
    for (let at = hay.indexOf(term); at >= 0 && n < 20; at = hay.indexOf(term, at + term.length)) n++;
    return n;
  };
  const snippet = (text, terms) => {
    const lower = text.toLowerCase();
    const at = Math.max(0, Math.min(...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0)));
    const start = Math.max(0, at - 60);
    const part = (start > 0 ? '…' : '') + text.slice(start, start + 180).replace(/\\s+/g, ' ');
    const small = document.createElement('small');
    const quoted = terms.map((t) => t.replace(/[.*+?^\${}()|[\\]\\\\]/g, '\\\\$&'));
    const pattern = new RegExp('(' + quoted.join('|') + ')', 'gi');
    part.split(pattern).forEach((piece, i) => {
      if (i % 2) {
        const mark = document.createElement('mark');
        mark.textContent = piece;
        small.appendChild(mark);
      } else small.appendChild(document.createTextNode(piece));
    });
    return small;
  };
  const show = (query) => {
    list.textContent = '';
    const terms = query.toLowerCase().split(/\\s+/).filter(Boolean);
    if (terms.join('').length < 2) return;
    const hits = [];
    for (const entry of index) {
      const title = entry.t.split(' › ').pop().toLowerCase();
      const body = entry.x.toLowerCase();
      const all = entry.t.toLowerCase();
      if (!terms.every((t) => all.includes(t) || body.includes(t))) continue;
      hits.push([terms.reduce((s, t) => s + 5 * count(title, t) + count(body, t), 0), entry]);
    }
    hits.sort((a, b) => b[0] - a[0]);
    for (const [, entry] of hits.slice(0, 40)) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = entry.p + '#' + entry.a;
      link.textContent = entry.t;
      item.append(link, snippet(entry.x, terms));
      list.appendChild(item);
    }
    if (hits.length === 0) {
      const item = document.createElement('li');
      item.textContent = 'Nothing in the course matches ' + JSON.stringify(query.trim()) + '.';
      list.appendChild(item);
    }
    list.dataset.count = String(hits.length);
  };
  form.addEventListener('submit', (event) => event.preventDefault());
  input.addEventListener('input', () => show(input.value));
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && document.activeElement !== input) {
      event.preventDefault();
      input.focus();
    }
  });
  const query = new URLSearchParams(location.search).get('q');
  if (query) {
    input.value = query;
    show(query);
  }
})();
`;
