// dockbook/runner: notebooks read, run in a kernel, verified, reported, rendered as the guide,
// and run under real Jupyter (Debian's nbclient) judged by the same verification.
export { renderGuide } from './render/guide.ts';
export type { RenderOptions, RenderResult } from './render/guide.ts';
export { parseNotebook, readNotebook } from './notebook/format/parse.ts';
export { updateOutputs } from './notebook/format/update.ts';
export { fromIpynb, toIpynb } from './notebook/format/ipynb.ts';
export type { Ipynb } from './notebook/format/ipynb.ts';
export { NotebookSyntaxError } from './notebook/format/types.ts';
export type { Block, CellOptions, CodeCell, ExpectedOutput, Notebook, NotebookMeta } from './notebook/format/types.ts';
export { startKernel } from './notebook/kernel/kernel.ts';
export type { Kernel, StartKernelOptions } from './notebook/kernel/kernel.ts';
export { installKernelSpec, jupyterKernelsDir } from './notebook/kernel/kernelspec.ts';
export type { InstallKernelSpecOptions, KernelSpec } from './notebook/kernel/kernelspec.ts';
export type {
  CellError,
  CellOutput,
  CellResult,
  ExecuteOptions,
  KernelInfo,
  MimeBundle,
} from './notebook/kernel/types.ts';
export { applyNotebookNormalizers } from './notebook/verify/normalize.ts';
export { VALUE_KINDS } from './notebook/verify/normalizers.ts';
export type { Rule, ValueKind } from './notebook/verify/normalizers.ts';
export { DURATION_FACTOR, DURATION_SLACK_S, SIZE_FACTOR } from './notebook/verify/magnitude.ts';
export { matchOutput } from './notebook/verify/match.ts';
export type { MatchOptions, OutputMatch } from './notebook/verify/match.ts';
export { outputText } from './notebook/verify/output-text.ts';
export { verifyCell } from './notebook/verify/verdict.ts';
export type { CellVerdict, ThrownError, VerifyInput } from './notebook/verify/verdict.ts';
export { NotebookRun } from './notebook/run/notebook-run.ts';
export { runNotebooks } from './notebook/run/run-notebooks.ts';
export { findNotebooks } from './notebook/find.ts';
export type { RunNotebooksOptions } from './notebook/run/run-notebooks.ts';
export { summaryTable } from './notebook/run/report.ts';
export type { CellReport, NotebookReport } from './notebook/run/report.ts';
export { runInJupyter } from './notebook/jupyter/execute.ts';
export type { JupyterReport, RunInJupyterOptions } from './notebook/jupyter/execute.ts';
export { executeIpynb } from './notebook/jupyter/nbclient.ts';
export { ensureJupyter } from './notebook/jupyter/packages.ts';
