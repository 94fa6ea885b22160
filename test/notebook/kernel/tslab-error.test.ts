import { describe, expect, it } from 'vitest';
import { errorFromStderr } from '../../../src/notebook/kernel/tslab-error.ts';

// What tslab 1.0.22 wrote to stderr for failing cells, verbatim (stack frames shortened).
const SYNC_THROW =
  'evalmachine.<anonymous>:2\nthrow new Error("boom: twice");\n^\n\nError: boom: twice\n' +
  '    at evalmachine.<anonymous>:2:7\n    at Object.execute (/x/tslab/dist/executor.js:160:38)\n';
const ASYNC_THROW = 'TypeError: async bad\n    at evalmachine.<anonymous>:3:43\n';
const WITH_PROPS =
  'DockbookError: [rm] container "web": it is running.\n    at rm (file:///x/dist/rm.js:1:1) {\n' +
  "  code: 'CONFLICT_RUNNING'\n}\n";

describe("a failed tslab cell's exception, from its stderr", () => {
  it("reads the name and message of a thrown Error, after Node's source excerpt", () => {
    expect(errorFromStderr([SYNC_THROW])).toEqual({
      ename: 'Error',
      evalue: 'boom: twice',
      traceback: SYNC_THROW.split('\n').filter(Boolean),
    });
    expect(errorFromStderr([ASYNC_THROW])).toMatchObject({ ename: 'TypeError', evalue: 'async bad' });
    expect(errorFromStderr([WITH_PROPS])).toMatchObject({
      ename: 'DockbookError',
      evalue: '[rm] container "web": it is running.',
    });
    expect(
      errorFromStderr(['Error [ERR_INVALID_ARG_TYPE]: The "path" argument must be of type string\n']),
    ).toMatchObject({ ename: 'Error', evalue: 'The "path" argument must be of type string' });
  });

  it('reads the last write: what the cell itself printed before comes first', () => {
    expect(errorFromStderr(['Warning: slow engine\n', ASYNC_THROW])).toMatchObject({
      ename: 'TypeError',
      evalue: 'async bad',
    });
  });

  it('names type errors TSError, with every diagnostic', () => {
    const writes = [
      "1:5 - Type 'string' is not assignable to type 'number'.\n",
      "1:26 - Type 'number' is not assignable to type 'string'.\n",
    ];
    expect(errorFromStderr(writes)).toEqual({
      ename: 'TSError',
      evalue:
        "1:5 - Type 'string' is not assignable to type 'number'.\n" +
        "1:26 - Type 'number' is not assignable to type 'string'.",
      traceback: [
        "1:5 - Type 'string' is not assignable to type 'number'.",
        "1:26 - Type 'number' is not assignable to type 'string'.",
      ],
    });
  });

  it('leaves the name empty when the thrown value is not an Error', () => {
    expect(errorFromStderr(['no such image\n'])).toEqual({
      ename: '',
      evalue: 'no such image',
      traceback: ['no such image'],
    });
  });
});
