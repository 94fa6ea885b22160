import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, type Engine } from '../../../src/engine/connect.ts';
import { runNotebooks } from '../../../src/notebook/run/run-notebooks.ts';
import { LABEL_RUN } from '../../../src/session/labels.ts';

const fixture = (name: string) => join('test/notebook/run/fixtures', `${name}.md`);
let engine: Engine;

beforeAll(async () => {
  engine = await connect();
});

async function leftovers(): Promise<number> {
  const all = await engine.docker.listContainers({ all: true, filters: { label: [LABEL_RUN] } });
  return all.filter((c) => c.Labels[LABEL_RUN]!.endsWith(':kernel-death') || c.Labels[LABEL_RUN]!.endsWith(':passing')).length;
}

describe('running and verifying notebooks', () => {
  it('passes a notebook whose cells hold, with normalized and elided outputs and an expected error', async () => {
    const [report] = await runNotebooks([fixture('passing')], { engine });
    expect(report!.cells.map((c) => [c.index, c.status])).toEqual([[1, 'passed'], [2, 'passed'], [3, 'passed']]);
    expect(report!.cells[0]!.concepts).toEqual(['C01']);
    expect(report!.cells[0]!.actual).toBe('hello\n[exit 0]\n');
    expect(report!.engineVersion).toBe(engine.engineVersion);
    expect(await leftovers()).toBe(0);
  });

  it('fails wrong output with a diff and the cell location', async () => {
    const [report] = await runNotebooks([fixture('wrong-output')], { engine });
    const cell = report!.cells[0]!;
    expect(cell).toMatchObject({ status: 'failed', reason: 'output', location: `${fixture('wrong-output')}:12` });
    expect(cell.diff).toContain('- what the notebook claims');
    expect(cell.diff).toContain('+ what the engine really says');
  });

  it('fails a cell whose check does not hold, naming the claim', async () => {
    const [report] = await runNotebooks([fixture('failing-check')], { engine });
    expect(report!.cells[0]).toMatchObject({ status: 'failed', reason: 'error' });
    expect(report!.cells[0]!.message).toContain('one and one make three');
  });

  it('fails a cell that should have raised and did not, and one that raised something else', async () => {
    const [report] = await runNotebooks([fixture('wrong-raises')], { engine, continueOnFailure: true });
    expect(report!.cells.map((c) => [c.status, c.reason])).toEqual([['failed', 'raises'], ['failed', 'raises']]);
    expect(report!.cells[0]!.message).toMatch(/NOT_FOUND/);
    expect(report!.cells[1]!.message).toMatch(/CONFLICT_RUNNING/);
  });

  it('interrupts a cell past its timeout and stops there', async () => {
    const [report] = await runNotebooks([fixture('timeout')], { engine });
    expect(report!.cells.map((c) => [c.status, c.reason])).toEqual([['failed', 'timeout'], ['skipped', 'earlier-failure']]);
    expect(report!.cells[0]!.durationMs).toBeLessThan(10_000);
  });

  it('reports a dead kernel promptly, and still cleans up what its cells made', async () => {
    const [report] = await runNotebooks([fixture('kernel-death')], { engine, continueOnFailure: true });
    expect(report!.cells[0]).toMatchObject({ status: 'failed', reason: 'dead' });
    expect(report!.cells[0]!.message).toMatch(/exit/i);
    expect(report!.cells[1]).toMatchObject({ status: 'failed', reason: 'dead' });
    expect(await leftovers()).toBe(0);
  });

  it('updates expected outputs in place, changing no other byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockbook-update-'));
    const copy = join(dir, 'wrong-output.md');
    cpSync(fixture('wrong-output'), copy);
    const before = readFileSync(copy, 'utf8');
    await runNotebooks([copy], { engine, update: true, continueOnFailure: true });
    const after = readFileSync(copy, 'utf8');
    expect(after).toBe(before.replace('what the notebook claims\n', 'what the engine really says\n'));
    const [again] = await runNotebooks([copy], { engine });
    expect(again!.failed).toBe(0);
  });
});
