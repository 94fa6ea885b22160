import { escapeHtml } from '../display/html.ts';
import { shortId } from '../display/ids.ts';
import type { EngineChange, EngineDiff, ImageChange, Users } from './engine-diff.ts';

/**
 * One change in words: `+ container web-3f2a1c9d (running, busybox:latest, 0.0.0.0:49153->80/tcp)`, the text and the
 * HTML made from the same parts. Its values are written as the docker CLI writes them (`0.0.0.0:49153->80/tcp`, 12-hex
 * short IDs, full volume IDs, names with the session's hex), so the notebooks' output normalizers find them.
 */
export interface DescribedChange {
  sign: EngineChange['sign'];
  kind: EngineChange['kind'];
  /** The resource's name: a container's, a tag, a volume's. */
  subject: string;
  /** What happened to it, with its leading punctuation: ` (built 3f2a1c9d8e7b)`, `: running → exited (137)`. */
  detail: string;
  /** A build's steps, oldest first: `cached` or `built`, and the instruction. */
  steps?: { cache: 'cached' | 'built'; instruction: string }[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `exited (137)`, `running`. */
const stateText = (state: string, exitCode: number | null) => (exitCode === null ? state : `${state} (${exitCode})`);

/** `1 stopped container`, `1 running and 2 stopped containers`; empty when none. */
export function usersText(users: Users): string {
  const [running, stopped] = [users.running.length, users.stopped.length];
  if (running + stopped === 0) return '';
  const parts = [running ? `${running} running` : '', stopped ? `${stopped} stopped` : ''].filter(Boolean);
  return `${parts.join(' and ')} container${running + stopped === 1 ? '' : 's'}`;
}

function imageDetail(change: ImageChange): string {
  const id = shortId(change.id);
  const also = change.tags.length ? `, also ${change.tags[0]}` : '';
  const used = usersText(change.usedBy);
  switch (change.change) {
    case 'built': {
      const steps = change.layers ?? [];
      const cached = steps.filter((s) => s.cached).length;
      const counts = steps.length
        ? `; ${plural(steps.length, 'step')}: ${cached} cached, ${steps.length - cached} built`
        : '';
      return ` (built ${id}${also}${counts})`;
    }
    case 'pulled':
      return ` (pulled ${id}${also})`;
    case 'tagged':
      return ` (tag of ${id}${also})`;
    case 'removed':
      return ` (removed ${id}${also})`;
    case 'untagged': {
      const left = [
        change.tags.length ? `still tagged ${change.tags[0]}` : '',
        used ? `still used by ${used}` : '',
      ].filter(Boolean);
      return ` (untagged from ${id}; ${left.length ? left.join('; ') : 'now dangling'})`;
    }
  }
}

/** A change as its parts (see DescribedChange). */
export function describeChange(change: EngineChange): DescribedChange {
  const head = { sign: change.sign, kind: change.kind };
  switch (change.kind) {
    case 'container': {
      const state = stateText(change.to ?? change.from ?? '', change.exitCode);
      const ports = change.ports.length ? ` (${change.ports.join(', ')})` : '';
      if (change.change === 'created') {
        const details = [state, change.image, ...change.ports].join(', ');
        return { ...head, subject: change.name, detail: ` (${details})` };
      }
      if (change.change === 'removed') return { ...head, subject: change.name, detail: ` (was ${state})` };
      return { ...head, subject: change.name, detail: `: ${change.from} → ${state}${ports}` };
    }
    case 'image':
      return {
        ...head,
        subject: change.ref,
        detail: imageDetail(change),
        ...(change.change === 'built' && change.layers?.length
          ? { steps: change.layers.map((l) => ({ cache: l.cached ? 'cached' : 'built', instruction: l.instruction })) }
          : {}),
      };
    case 'volume': {
      const what = change.anonymous ? 'anonymous' : 'named';
      const users = (names: string[]) => (names.length ? `used by ${names.join(', ')}` : 'unused');
      if (change.change === 'used') {
        const left = change.anonymous && change.usedBy.length === 0 ? ', left behind' : '';
        return {
          ...head,
          subject: change.name,
          detail: ` (${what}${left}): ${users(change.usedBefore)} → ${users(change.usedBy)}`,
        };
      }
      const mounted = change.usedBy.length ? `, for ${change.usedBy.join(', ')}` : '';
      return { ...head, subject: change.name, detail: ` (${what}${mounted})` };
    }
    case 'network':
      return { ...head, subject: change.name, detail: ` (${change.driver})` };
  }
}

/**
 * A diff as text, one line per change (a build's steps indented under its image), in the diff's order; empty when
 * nothing changed.
 *
 * @example
 * formatDiff(diffSnapshots(before, after));
 * // + container web-3f2a1c9d (running, busybox:latest, 0.0.0.0:49153->80/tcp)
 * // - image app-3f2a1c9d:v1 (untagged from 0b760283aeb4; still used by 1 stopped container)
 * // ~ container job-3f2a1c9d: running → exited (137)
 */
export function formatDiff(diff: EngineDiff): string {
  return diff.changes
    .flatMap((change) => {
      const d = describeChange(change);
      const steps = (d.steps ?? []).map((s) => `    ${s.cache.padEnd(6)}  ${s.instruction}`);
      return [`${d.sign} ${d.kind} ${d.subject}${d.detail}`, ...steps];
    })
    .join('\n');
}

const SIGN_CLASS = { '+': 'added', '-': 'removed', '~': 'changed' } as const;
const SIGN_COLOUR = { '+': '#1a7f37', '-': '#cf222e', '~': '#9a6700' } as const;

/**
 * A diff as HTML for Jupyter and the guide: a list with one item per change (a build's steps as a nested list), every
 * engine value escaped; `<p>` saying nothing changed when nothing did. Classes `dockbook-diff`, `added`, `removed`,
 * `changed`, `cached`, `built` let a page style it; the signs are coloured inline for a notebook without a stylesheet.
 */
export function diffHtml(diff: EngineDiff): string {
  if (diff.changes.length === 0) return '<div class="dockbook-diff"><p>No change on the engine.</p></div>';
  const items = diff.changes.map((change) => {
    const d = describeChange(change);
    const steps = d.steps?.length
      ? `<ol class="steps">${d.steps
          .map((s) => `<li class="${s.cache}">${s.cache} <code>${escapeHtml(s.instruction)}</code></li>`)
          .join('')}</ol>`
      : '';
    return (
      `<li class="${SIGN_CLASS[d.sign]}"><span class="sign" style="color:${SIGN_COLOUR[d.sign]}">` +
      `${escapeHtml(d.sign)}</span> ${d.kind} <code>${escapeHtml(d.subject)}</code>${escapeHtml(d.detail)}${steps}</li>`
    );
  });
  return `<div class="dockbook-diff"><ul style="list-style:none;padding-left:0">${items.join('')}</ul></div>`;
}
