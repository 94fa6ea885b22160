import { CommanderError } from 'commander';
import { isDockbookError, type ErrorCode } from '../errors.ts';
import { NotebookSyntaxError } from '../notebook/format/types.ts';

/**
 * The exit codes of `dockbook`, documented in the README (The command line). A script can tell
 * "a claim failed" (1) from "you typed it wrong" (2), "a file is wrong" (3) and "the engine or a
 * registry is not there" (4); a stopped run exits 128 + the signal's number (130 for Ctrl-C).
 */
export const EXIT = {
  /** Everything ran and passed. */
  ok: 0,
  /** A cell failed (with --strict, a cell was skipped), or an operation failed. */
  failed: 1,
  /** The command line: an unknown command or option, a missing or extra argument, a bad value. */
  usage: 2,
  /** A file: missing, unreadable, not a notebook, a folder without notebooks, a malformed notebook. */
  input: 3,
  /** What dockbook runs on: the engine, a registry or a tool could not be reached or started. */
  environment: 4,
} as const;

/** A failure of the command line's own, already worded: `what: the problem. The fix`. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: number = EXIT.input,
  ) {
    super(message);
  }
}

const ENVIRONMENT: readonly ErrorCode[] = [
  'ENGINE_UNREACHABLE',
  'ENGINE_START_FAILED',
  'REGISTRY_START_FAILED',
  'MISSING_DEPENDENCY',
  'SEED_FAILED',
];

/** What a file system error code means, and what to do about it. */
const FILE_PROBLEMS: Record<string, [problem: string, fix: string]> = {
  ENOENT: ['no such file or folder', 'check the path'],
  EACCES: ['permission denied', 'check its permissions, or choose another path'],
  EPERM: ['operation not permitted', 'check its permissions, or choose another path'],
  EISDIR: ['it is a folder, not a file', 'name a file'],
  ENOTDIR: ['a part of the path is not a folder', 'check the path'],
  EROFS: ['the file system is read-only', 'choose another path'],
  ENOSPC: ['no space left on the device', 'free some space'],
  EEXIST: ['it already exists', 'choose another path'],
};

const VERBS: Record<string, string> = {
  open: 'open',
  read: 'read',
  mkdir: 'create',
  write: 'write',
  scandir: 'list',
  stat: 'find',
  lstat: 'find',
  rename: 'move',
  unlink: 'remove',
  rmdir: 'remove',
  copyfile: 'copy',
};

interface SystemError {
  code: string;
  syscall?: string;
  path?: string;
}

function isSystemError(error: unknown): error is Error & SystemError {
  return (
    error instanceof Error &&
    typeof (error as Partial<SystemError>).code === 'string' &&
    (error as Partial<SystemError>).code! in FILE_PROBLEMS
  );
}

/**
 * One line for a message that has several: a notebook error's first line (its example stays in
 * the README), a daemon's multi-line text joined.
 */
function oneLine(message: string): string {
  const [first = '', ...rest] = message.trim().split('\n');
  if (rest.length === 0) return first;
  if (/,? e\.g\.$/.test(first)) return `${first.replace(/,? e\.g\.$/, '')} (the README's Notebooks section shows one)`;
  return [first, ...rest]
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * The line `dockbook` prints for what a command threw, and its exit code: never a stack (set
 * DOCKBOOK_DEBUG=1 for one). A DockbookError already reads operation, target, reason and hint;
 * a notebook's syntax error reads file:line: problem; a file system error is named with its path.
 *
 * @example
 * describeFailure(new NotebookSyntaxError('a.md', 3, 'the fence is never closed')); // { line: 'dockbook: a.md:3: the
 * fence is never closed', exitCode: 3 }
 */
export function describeFailure(error: unknown): { line: string | undefined; exitCode: number } {
  if (error instanceof CommanderError) {
    // Commander printed its own line (and the usage hint) already; help and --version exit 0.
    return { line: undefined, exitCode: error.exitCode === 0 ? EXIT.ok : EXIT.usage };
  }
  if (error instanceof CliError) return { line: `dockbook: ${oneLine(error.message)}`, exitCode: error.exitCode };
  if (error instanceof NotebookSyntaxError)
    return { line: `dockbook: ${oneLine(error.message)}`, exitCode: EXIT.input };
  if (isDockbookError(error)) {
    const exitCode = ENVIRONMENT.includes(error.code)
      ? EXIT.environment
      : error.code === 'INVALID_ARGUMENT'
        ? EXIT.usage
        : EXIT.failed;
    return { line: `dockbook: ${oneLine(error.message)}`, exitCode };
  }
  if (isSystemError(error)) {
    const [problem, fix] = FILE_PROBLEMS[error.code]!;
    const verb = VERBS[error.syscall ?? ''] ?? 'use';
    const what = error.path
      ? `cannot ${verb} ${error.path}`
      : `a file operation failed (${error.syscall ?? error.code})`;
    return { line: `dockbook: ${what}: ${problem}; ${fix}`, exitCode: EXIT.input };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    line:
      `dockbook: unexpected error: ${oneLine(message)} (a dockbook bug: please report it; DOCKBOOK_DEBUG=1 prints ` +
      `the stack)`,
    exitCode: EXIT.failed,
  };
}

/** Prints `error` as one line (and its stack when DOCKBOOK_DEBUG is set) and sets the exit code. */
export function reportFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): number {
  const { line, exitCode } = describeFailure(error);
  if (env.DOCKBOOK_DEBUG && error instanceof Error && error.stack) console.error(error.stack);
  if (line) console.error(line);
  process.exitCode = exitCode;
  return exitCode;
}
