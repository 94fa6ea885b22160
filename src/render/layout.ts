import { escapeHtml } from '../display/html.ts';

/** One small stylesheet, inline: readable on a phone, no fonts or files to fetch. */
const CSS = `
*{box-sizing:border-box}
body{margin:0 auto;max-width:52rem;padding:1rem;font:16px/1.55 system-ui,sans-serif;color:#1d1f21;background:#fff}
a{color:#0b5cad}
pre{overflow-x:auto;padding:.75rem;border-radius:6px;background:#f5f6f8;font:13px/1.45 ui-monospace,monospace}
code{font-family:ui-monospace,monospace}
table{border-collapse:collapse;display:block;overflow-x:auto}
th,td{border:1px solid #d0d4da;padding:.3rem .5rem;text-align:left;vertical-align:top}
nav.pager{display:flex;justify-content:space-between;gap:1rem;margin:1.5rem 0;flex-wrap:wrap}
.cell{margin:1.25rem 0;border-left:3px solid #d0d4da;padding-left:.75rem}
.mirrors{margin:.25rem 0;color:#555;font-size:.9rem}
.meta{font-size:.8rem;color:#555;margin:.25rem 0}
.badge{display:inline-block;padding:0 .45rem;border-radius:4px;color:#fff;font-weight:600}
.passed{background:#1a7f37}.failed{background:#c62828}.skipped{background:#8a6d00}.not-run{background:#6a737d}
pre.output{background:#fbfbf3}
.skipped-cells{border-left:3px solid #8a6d00;padding-left:.75rem;font-size:.9rem}
.why{color:#6b5500}
pre.failure{background:#fdf0f0;border-left:3px solid #c62828}
.unclaimed{font-style:italic}
.k{color:#8b1fa9;font-weight:600}.s{color:#0a6b32}.c{color:#6a737d;font-style:italic}.n{color:#b35c00}
@media (max-width:600px){body{padding:.6rem;font-size:15px}pre{font-size:12px}}
`;

/**
 * A complete HTML page around `body`: meta viewport, the inline stylesheet, no scripts and no
 * external resources, so it works from file:// and offline.
 *
 * @example
 * layout('Images', '<h1>Images</h1>');
 */
export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
