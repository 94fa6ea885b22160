import { escapeHtml } from '../display/html.ts';
import { CLIENT_SCRIPT, SEARCH_INDEX_SCRIPT } from './client.ts';
import { CSS } from './style.ts';

/**
 * A complete HTML page: `lang`, meta viewport, the inline stylesheet, the chapter `sidebar`
 * (when given) beside `body` in `<main>`, and the guide's two scripts (the search index and
 * search + copy buttons) from the page's own folder. Everything reads without them: they only
 * add search and copying. Nothing is loaded from elsewhere, so it works from file:// and offline.
 *
 * @example
 * layout('Images', '<h1>Images</h1>', sidebar(chapters, '01-images.html'));
 */
export function layout(title: string, body: string, sidebar = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<div class="shell">
<main id="main">
${body}
</main>
${sidebar}
</div>
<script src="${SEARCH_INDEX_SCRIPT}" defer></script>
<script src="${CLIENT_SCRIPT}" defer></script>
</body>
</html>
`;
}
