import { createRequire } from 'node:module';
import type { HLJSApi, LanguageFn } from 'highlight.js';
import { escapeHtml } from '../display/html.ts';

// highlight.js's core declares no types of its own; its package's types describe the API it returns.
const require = createRequire(import.meta.url);
const hljs = (require('highlight.js/lib/core') as HLJSApi).newInstance();
const language = (name: string) => require(`highlight.js/lib/languages/${name}`) as LanguageFn;
for (const name of ['typescript', 'dockerfile', 'bash', 'shell', 'json', 'yaml', 'ini', 'diff'])
  hljs.registerLanguage(name, language(name));
hljs.registerAliases(['ts', 'javascript', 'js'], { languageName: 'typescript' });
hljs.registerAliases(['sh', 'console'], { languageName: 'bash' });

/** The languages an unlabelled fence may be in, tried in turn: the course's shell, JSON, YAML and Dockerfiles. */
const GUESSES = ['bash', 'json', 'yaml', 'dockerfile'];

function isJson(code: string): boolean {
  if (!/^\s*[[{]/.test(code)) return false;
  try {
    JSON.parse(code);
    return true;
  } catch {
    return false;
  }
}

/**
 * Highlights code as HTML with highlight.js at render time: `<span class="hljs-keyword">`, etc.
 * `lang` is the fence's language (`typescript`, `dockerfile`, `sh`, `json`, `yaml`…); without
 * one, JSON is recognised by parsing it and the course's other languages are guessed, and code
 * no language fits is only escaped. Every piece of text is escaped; the page needs no script
 * to show it.
 *
 * @example
 * highlight('FROM node\nRUN npm install', 'dockerfile');
 * // '<span class="hljs-keyword">FROM</span> node\n<span class="hljs-keyword">RUN</span> npm install'
 */
export function highlight(code: string, lang = ''): string {
  const name = lang.trim().split(/\s/)[0]!.toLowerCase();
  if (name && hljs.getLanguage(name)) return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
  if (name === 'output' || name === 'text' || name === 'plain') return escapeHtml(code);
  if (isJson(code)) return hljs.highlight(code, { language: 'json' }).value;
  const guess = hljs.highlightAuto(code, GUESSES);
  return guess.relevance >= 3 ? guess.value : escapeHtml(code);
}

/**
 * The language a fence's info string names, as the guide labels it; '' when it names none the guide highlights.
 *
 * @example
 * languageLabel('dockerfile'); // 'Dockerfile'
 */
export function languageLabel(lang: string): string {
  const name = lang.trim().split(/\s/)[0]!.toLowerCase();
  return hljs.getLanguage(name)?.name ?? '';
}
