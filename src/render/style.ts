/**
 * The guide's one stylesheet, inline in every page: light and dark colours (following the
 * reader's `prefers-color-scheme`), highlight.js's token classes in both, a chapter sidebar
 * beside the text on a wide screen and after it on a phone, and nothing wider than the screen.
 */
export const CSS = `
:root{color-scheme:light dark;--fg:#1d1f21;--bg:#fff;--muted:#57606a;--line:#d0d7de;--link:#0b5cad;--code-bg:#f5f6f8;
--out-bg:#fbfbf3;--cmd-bg:#0f1b2d;--cmd-fg:#e6edf3;--fail-bg:#fdf0f0;--stale-bg:#fff8e1;--side-bg:#f6f8fa;
--k:#cf222e;--s:#0a3069;--c:#6e7781;--n:#0550ae;--t:#8250df;--b:#953800;--a:#116329;--ok:#1a7f37;--bad:#c62828;
--skip:#8a6d00;--none:#6a737d}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#30363d;--link:#58a6ff;
--code-bg:#161b22;--out-bg:#12161c;--cmd-bg:#010409;--cmd-fg:#e6edf3;--fail-bg:#2a1215;--stale-bg:#2b2410;
--side-bg:#10151c;--k:#ff7b72;--s:#a5d6ff;--c:#8b949e;--n:#79c0ff;--t:#d2a8ff;--b:#ffa657;--a:#7ee787;--ok:#238636;
--bad:#da3633;--skip:#9e6a03;--none:#6e7681}}
*{box-sizing:border-box}
html{scroll-padding-top:.5rem}
body{margin:0;font:16px/1.6 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--link)}
.shell{display:flex;flex-direction:column;max-width:78rem;margin:0 auto}
main{min-width:0;padding:1rem;max-width:52rem;width:100%}
.sidebar{order:2;padding:1rem;border-top:1px solid var(--line);background:var(--side-bg);font-size:.92rem}
.sidebar ol{padding-left:1.4rem;margin:.5rem 0}.sidebar li{margin:.2rem 0}
.sidebar [aria-current]{font-weight:700}
.sidebar .home{font-weight:700;text-decoration:none;display:block;margin-bottom:.5rem}
@media (min-width:60rem){.shell{flex-direction:row}.sidebar{order:0;width:17rem;flex:none;border-top:0;
border-right:1px solid var(--line);position:sticky;top:0;align-self:flex-start;max-height:100vh;overflow-y:auto}
main{padding:1rem 2rem}.to-chapters{display:none}}
h1,h2,h3{line-height:1.25}
.anchor{visibility:hidden;text-decoration:none;margin-left:.25rem;color:var(--muted)}
h1:hover .anchor,h2:hover .anchor,h3:hover .anchor,h4:hover .anchor,.anchor:focus{visibility:visible}
p,li,td{overflow-wrap:anywhere}
pre{overflow-x:auto;padding:.75rem;border-radius:6px;background:var(--code-bg);font:13px/1.45 ui-monospace,monospace;
position:relative;margin:.4rem 0}
code{font-family:ui-monospace,monospace}
pre[data-lang]::before{content:attr(data-lang);display:block;font:600 11px system-ui,sans-serif;color:var(--muted);
margin-bottom:.3rem}
:not(pre)>code{background:var(--code-bg);padding:0 .25rem;border-radius:4px}
table{border-collapse:collapse;display:block;overflow-x:auto;max-width:100%}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
nav.pager{display:flex;justify-content:space-between;gap:.5rem 1rem;margin:1rem 0;flex-wrap:wrap;font-size:.92rem}
.toc{border:1px solid var(--line);border-radius:6px;padding:.25rem .75rem;margin:1rem 0;font-size:.92rem}
.toc ul{margin:.25rem 0;padding-left:1.2rem}.toc summary{cursor:pointer;font-weight:600}
.downloads{font-size:.85rem;color:var(--muted);margin:.25rem 0}
.cell{margin:1.5rem 0;border-left:3px solid var(--line);padding-left:.75rem}
.cell.is-failed{border-left-color:var(--bad)}.cell.is-stale{border-left-color:var(--skip)}
pre.command{background:var(--cmd-bg);color:var(--cmd-fg);font-size:14px;font-weight:600;white-space:pre-wrap;
overflow-wrap:anywhere;padding-right:4rem}
pre.command .prompt{color:#7ee787;user-select:none}
pre.command .hljs-built_in,pre.command .hljs-keyword{color:#ffa657}pre.command .hljs-string{color:#a5d6ff}
pre.command .hljs-variable{color:#d2a8ff}pre.command .note{color:#9198a1;font-weight:400}
.proof{margin:.3rem 0}.proof>.label{margin:.2rem 0 0}
.proof pre{font-size:12px;opacity:.92}
.label{font-size:.78rem;color:var(--muted);margin:.5rem 0 0}
.meta{font-size:.8rem;color:var(--muted);margin:.25rem 0}
.badge{display:inline-block;padding:0 .45rem;border-radius:4px;color:#fff;font-weight:600;font-size:.8rem}
.passed{background:var(--ok)}.failed{background:var(--bad)}.skipped{background:var(--skip)}
.not-run,.stale-badge{background:var(--none)}
pre.output{background:var(--out-bg);border:1px solid var(--line)}
.skipped-cells{border-left:3px solid var(--skip);padding-left:.75rem;font-size:.9rem}
.why{color:var(--skip)}
.reason{border-left:3px solid var(--bad);background:var(--fail-bg);padding:.25rem .75rem;border-radius:0 6px 6px 0;
margin:.4rem 0}
.reason.stale-reason{border-left-color:var(--skip);background:var(--stale-bg)}
.reason>p{margin:.25rem 0;font-weight:600}.reason pre{background:transparent;padding:.25rem 0}
.unclaimed{font-style:italic}
.search{margin:.5rem 0}.search input{width:100%;font:inherit;padding:.35rem .5rem;border:1px solid var(--line);
border-radius:6px;background:var(--bg);color:var(--fg)}
.search-results{list-style:none;padding:0;margin:.5rem 0}.search-results li{margin:.5rem 0}
.search-results small{display:block;color:var(--muted);overflow-wrap:anywhere}
.search-results mark{background:#fff3a3;color:#000}
.copy{position:absolute;top:.3rem;right:.3rem;font:12px system-ui,sans-serif;padding:.1rem .45rem;border-radius:4px;
border:1px solid var(--line);background:var(--bg);color:var(--fg);cursor:pointer;opacity:.85}
@media (hover:hover){.copy{opacity:0}pre:hover .copy,.copy:focus{opacity:.85}}
.hljs-keyword,.hljs-doctag,.hljs-template-tag,.hljs-type{color:var(--k)}
.hljs-string,.hljs-regexp,.hljs-meta .hljs-string{color:var(--s)}
.hljs-comment{color:var(--c);font-style:italic}
.hljs-number,.hljs-literal,.hljs-attr,.hljs-variable,.hljs-meta{color:var(--n)}
.hljs-title,.hljs-title.function_,.hljs-title.class_{color:var(--t)}
.hljs-built_in,.hljs-symbol,.hljs-params{color:var(--b)}
.hljs-name,.hljs-selector-tag,.hljs-addition{color:var(--a)}
.hljs-deletion{color:var(--bad)}
@media (max-width:600px){body{font-size:15px}main,.sidebar{padding:.6rem}pre{font-size:12px}pre.command{font-size:13px}}
`;
