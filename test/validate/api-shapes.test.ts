import { beforeAll, describe, expect, it } from 'vitest';
import * as cells from '../../src/index.ts';
import * as runner from '../../src/runner.ts';
import * as stack from '../../src/stack.ts';

// Every function of the three entry points: dockbook, dockbook/runner, dockbook/stack.
const api = { ...cells, ...runner, ...stack };
import { DockbookError } from '../../src/errors.ts';
import { Session } from '../../src/session/session.ts';
import type { Context } from '../../src/core/context.ts';
import { SIGNATURES, type Signature } from '../../src/validate/signature.ts';
import { unreachableContext } from './unreachable.ts';

// Class-wide: every Session method and every exported operation, called with a wrong-typed value
// in each argument position and each known option, rejects with INVALID_ARGUMENT naming the
// function and what was wrong — before any engine call (the engine here is unreachable, so a call
// that reached it would be ENGINE_UNREACHABLE), and never with a raw TypeError or RangeError.

const WRONG: Array<[string, unknown]> = [
  ['a number', 42],
  ['a string', 'text'],
  ['an array', [1, 'two']],
  ['an object', { bogus: 1 }],
  ['null', null],
  ['undefined', undefined],
  ['NaN', Number.NaN],
  ['-1', -1],
  ['a function', () => 1],
  ['a Symbol', Symbol('wrong')],
];

const isClass = (fn: unknown) => typeof fn === 'function' && /^class\b/.test(Function.prototype.toString.call(fn));

/** The result of a call, sync or async, as a settled value. */
async function settle(call: () => unknown): Promise<{ ok: true } | { ok: false; error: unknown }> {
  try {
    await call();
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

interface Case {
  what: string;
  args: unknown[];
  /** What the error's target must name. */
  names: string;
}

/**
 * The wrong calls for one signature: each position, the options as a whole, each option, an unknown option, one
 * argument too many.
 */
function cases(sig: Signature, bound: boolean, ctx: Context): Case[] {
  const params = [
    ...(sig.ctx && !bound
      ? [
          {
            name: 'ctx',
            shape: { mismatch: (v: unknown) => (v === ctx ? undefined : {}) },
            optional: false,
            example: ctx,
          },
        ]
      : []),
    ...sig.params,
  ];
  const valid = params.map((p) => p.example);
  const out: Case[] = [];
  for (const [i, param] of params.entries()) {
    for (const [label, value] of WRONG) {
      if (value === undefined && param.optional) continue;
      if (param.name !== 'ctx' && (param.shape as Signature['params'][number]['shape']).mismatch(value) === undefined)
        continue;
      const args = [...valid];
      args[i] = value;
      out.push({ what: `argument ${param.name} = ${label}`, args, names: `argument ${param.name}` });
    }
  }
  if (sig.options) {
    for (const [label, value] of WRONG) {
      if (value === undefined || label === 'an object') continue;
      out.push({ what: `options = ${label}`, args: [...valid, value], names: 'options' });
    }
    for (const [option, shape] of Object.entries(sig.options)) {
      for (const [label, value] of WRONG) {
        if (value === undefined || shape.mismatch(value) === undefined) continue;
        out.push({
          what: `option ${option} = ${label}`,
          args: [...valid, { [option]: value }],
          names: `option ${option}`,
        });
      }
    }
    out.push({ what: 'an unknown option', args: [...valid, { bogusOption: 1 }], names: 'option bogusOption' });
  }
  const arity = params.length + (sig.options ? 1 : 0);
  out.push({
    what: 'one argument too many',
    args: [...valid, ...(sig.options ? [{}] : []), 'extra'],
    names: `argument ${arity + 1}`,
  });
  return out;
}

async function expectInvalid(call: () => unknown, sig: Signature, c: Case): Promise<void> {
  const result = await settle(call);
  expect(result.ok, `${sig.operation} with ${c.what} did not fail`).toBe(false);
  const error = (result as { error: unknown }).error;
  expect(error, `${sig.operation} with ${c.what} threw ${String(error)}`).toBeInstanceOf(DockbookError);
  const e = error as DockbookError;
  expect(e.code, `${sig.operation} with ${c.what}: ${e.message}`).toBe('INVALID_ARGUMENT');
  expect(e.operation).toBe(sig.operation);
  expect(e.target).toMatch(new RegExp(`^${c.names.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));
  expect(e.hint.length).toBeGreaterThan(0);
  expect(e.command.length).toBeGreaterThan(0);
}

let ctx: Context;
let session: Session;
beforeAll(async () => {
  ctx = await unreachableContext();
  session = new Session(ctx);
});

/** Every method a Session has: its prototype's, and the operations it binds per instance. */
function sessionMethods(s: Session): string[] {
  const proto = Object.getOwnPropertyNames(Session.prototype).filter(
    (name) =>
      name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(Session.prototype, name)?.value === 'function',
  );
  const own = Object.keys(s).filter((name) => typeof (s as unknown as Record<string, unknown>)[name] === 'function');
  return [...proto, ...own].sort();
}

describe('every Session method', () => {
  it('has a signature', async () => {
    const s = new Session(await unreachableContext());
    const methods = sessionMethods(s);
    expect(methods.length).toBeGreaterThan(25);
    expect(methods.filter((name) => !SIGNATURES.has(name))).toEqual([]);
  });

  it('rejects wrong-typed arguments and options with INVALID_ARGUMENT before any engine call', async () => {
    let calls = 0;
    for (const name of sessionMethods(session)) {
      const sig = SIGNATURES.get(name)!;
      const method = (session as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!;
      for (const c of cases(sig, true, ctx)) {
        await expectInvalid(() => method.apply(session, c.args), sig, c);
        calls++;
      }
    }
    expect(calls).toBeGreaterThan(500);
  });

  it('with valid arguments, reaches the (unreachable) engine: the examples really are valid', async () => {
    for (const name of ['ps', 'stop', 'inspectImage', 'volumes']) {
      const sig = SIGNATURES.get(name)!;
      const method = (session as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name]!;
      await expect(
        method.apply(
          session,
          sig.params.map((p) => p.example),
        ),
      ).rejects.toMatchObject({ code: 'ENGINE_UNREACHABLE' });
    }
  });
});

describe('every exported function', () => {
  const exported = Object.entries(api).filter(([, value]) => typeof value === 'function' && !isClass(value)) as Array<
    [string, (...args: unknown[]) => unknown]
  >;

  it('that a Session binds has a signature', () => {
    const bound = sessionMethods(new Session({} as Context));
    const operations = exported.map(([name]) => name).filter((name) => bound.includes(name));
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.filter((name) => !SIGNATURES.has(name))).toEqual([]);
  });

  it('every one has a signature (a new export without one fails here)', () => {
    expect(exported.length).toBeGreaterThan(80);
    expect(exported.map(([name]) => name).filter((name) => !SIGNATURES.has(name))).toEqual([]);
  });

  for (const [name, fn] of exported) {
    it(
      `${name} rejects wrong-typed arguments${SIGNATURES.get(name)?.ctx ? ' (the Context included)' : ''}, extra ` +
        `ones and unknown options with INVALID_ARGUMENT`,
      async () => {
        const sig = SIGNATURES.get(name);
        expect(sig, `${name} has no signature: declare one beside it and call checkArgs at its entry`).toBeDefined();
        for (const c of cases(sig!, false, ctx)) await expectInvalid(() => fn(...c.args), sig!, c);
      },
    );
  }
});

describe('options a call cannot do without', () => {
  it('are named when the options, or the option, are left out, before anything is read or started', async () => {
    await expect(
      (api.runNotebooks as (files: string[]) => Promise<unknown>)(['notebooks/01-images.md']),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', operation: 'runNotebooks', target: 'options' });
    await expect(api.runNotebooks([], {} as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      operation: 'runNotebooks',
      target: 'option engine',
    });
    await expect(api.runInJupyter('notebooks/01-images.md', { runId: 'x' } as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      target: 'option engine',
    });
    await expect(
      api.executeIpynb({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }, {} as never),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', target: 'option cwd' });
  });

  it('a type guard takes any value, but not a misspelt code', () => {
    expect(api.isDockbookError(42)).toBe(false);
    expect(() => api.isDockbookError(new Error('x'), 'NOT_FOUD' as never)).toThrow(
      /\[isDockbookError\] argument code: got the string "NOT_FOUD"; expected one of "NOT_FOUND"/,
    );
  });
});
