// The public API of dockbook, by name. Cells mostly need openSession(); the plain functions
// take a Context and are what a Session binds.

// Errors
export { DockbookError, isDockbookError } from './errors.ts';
export type { DockbookErrorInit, ErrorCode } from './errors.ts';

// Engine and base images
export { cacheDir, packageRoot } from './paths.ts';
export { defaultSockets, discoverEndpoint } from './engine/endpoint.ts';
export type { DiscoverOptions, Endpoint, EndpointSource } from './engine/endpoint.ts';
export { CLIENT_MAX_API_VERSION, connect, negotiateApiVersion } from './engine/connect.ts';
export type { ConnectOptions, Engine, EngineInfo } from './engine/connect.ts';
export { engineDown, engineStatus, engineUp, formatEngineStatus } from './engine/lifecycle.ts';
export type { EngineStatus, EngineUpOptions, EngineUpResult } from './engine/lifecycle.ts';
export { BASE_IMAGES, SEED_LABEL, seedImages } from './images/seed.ts';
export type { SeedOptions, SeedResult } from './images/seed.ts';

// Registries and the whole stack (registry, engine with its mirror, base images)
export { formatRegistryStatus, registryDown, registryGc, registryStatus, registryUp } from './registry/lifecycle.ts';
export type { RegistryStatus, RegistryUpResult } from './registry/lifecycle.ts';
export { fillMirror } from './registry/mirror.ts';
export { login } from './registry/login.ts';
export type { LoginResult } from './registry/login.ts';
export { courseCredentials } from './registry/credentials.ts';
export { courseRegistries } from './registry/course.ts';
export type { CourseRegistries } from './registry/course.ts';
export type { Credentials } from './registry/credentials.ts';
export { dockerConfigDir, sessionDockerConfig } from './registry/docker-config.ts';
export type { MirrorResult } from './registry/mirror.ts';
export { bringDown, bringUp } from './engine/stack.ts';

// Sessions
export { cleanupAll, openSession } from './session/open.ts';
export type { SessionOptions } from './session/open.ts';
export { Session } from './session/session.ts';
export { createContext, newSessionId } from './session/context-factory.ts';
export type { ContextOptions } from './session/context-factory.ts';
export type { Context, ProgressEvent } from './session/context.ts';
export { cleanupSession, sweepStaleSessions } from './session/cleanup.ts';
export type { CleanupReport } from './session/cleanup.ts';
export { LABEL_NOTEBOOK, LABEL_OWNER, LABEL_RUN, LABEL_SESSION } from './session/labels.ts';

// Containers
export { create, run } from './containers/run.ts';
export type { RunOptions } from './containers/run.ts';
export type { Command, CreateOptions } from './containers/create.ts';
export type { Input, InputStep } from './containers/io.ts';
export { RunResult } from './containers/run-result.ts';
export { start } from './containers/start.ts';
export type { StartOptions } from './containers/start.ts';
export { attach, AttachResult } from './containers/attach.ts';
export type { AttachOptions } from './containers/attach.ts';
export { Container, toContainer } from './containers/value.ts';
export { ps } from './containers/ps.ts';
export type { ContainerSummary, PsOptions } from './containers/ps.ts';
export { stop } from './containers/stop.ts';
export type { StopOptions, StopResult } from './containers/stop.ts';
export { restart } from './containers/restart.ts';
export type { RestartOptions, RestartResult } from './containers/restart.ts';
export { wait } from './containers/wait.ts';
export type { WaitOptions, WaitResult } from './containers/wait.ts';
export { rm } from './containers/remove.ts';
export type { RmOptions, RmResult } from './containers/remove.ts';
export { inspect } from './containers/inspect.ts';
export type { ContainerInfo, InspectOptions } from './containers/inspect.ts';
export { logs } from './containers/logs.ts';
export type { LogsOptions, LogsResult } from './containers/logs.ts';
export { exec } from './containers/exec.ts';
export type { ExecOptions, ExecResult } from './containers/exec.ts';
export { dockerRunLine } from './containers/command-line.ts';

// Images
export { build } from './images/build.ts';
export type { BuildOptions } from './images/build.ts';
export type { BuildResult } from './images/build-result.ts';
export type { BuildStep } from './images/build-steps.ts';
export { images } from './images/list.ts';
export type { ImageRow, ImagesOptions } from './images/list.ts';
export { history } from './images/history.ts';
export type { HistoryRow } from './images/history.ts';
export { inspectImage } from './images/inspect.ts';
export type { ImageConfig, ImageDetails } from './images/inspect.ts';
export { tag } from './images/tag.ts';
export type { TagResult } from './images/tag.ts';
export { pull } from './images/pull.ts';
export { push } from './images/push.ts';
export type { PushOptions } from './images/push.ts';
export type { PushedLayer, PushResult } from './images/push-result.ts';
export type { PullOptions, RegistryAuth } from './images/pull.ts';
export type { PulledLayer, PullResult } from './images/pull-result.ts';
export { rmi } from './images/rmi.ts';
export type { RmiOptions, RmiResult } from './images/rmi.ts';
export { pruneImages } from './images/prune.ts';
export type { PruneImagesOptions, PruneResult } from './images/prune.ts';

// Files, volumes, the CLI, HTTP
export { cp } from './files/cp.ts';
export type { CopyResult } from './files/cp.ts';
export { createVolume, pruneVolumes, rmVolume, volumes } from './volumes/volumes.ts';
export type { CreateVolumeOptions, PruneVolumesOptions, PruneVolumesResult, RmVolumeOptions, RmVolumeResult, VolumesOptions } from './volumes/volumes.ts';
export type { Volume } from './volumes/value.ts';
export { cli } from './cli.ts';
export type { CliOptions, CliResult } from './cli.ts';
export { http } from './net/http.ts';
export type { HttpOptions, HttpResult } from './net/http.ts';

// Assertions for cells
export { check, CheckFailure } from './check.ts';
export type { Check } from './check.ts';

// Values, specs and streams
export type { CallOptions } from './docker/call.ts';
export type { ContainerRef, ImageLike } from './docker/resolve.ts';
export type { Until } from './docker/streams.ts';
export { Listing } from './display/table.ts';
export type { Column } from './display/table.ts';
export { humanDuration, humanSize } from './display/units.ts';
export { escapeHtml } from './display/html.ts';
export { show } from './display/show.ts';
export type { HtmlDisplay, ShowOptions } from './display/show.ts';
export { parseImageRef } from './spec/reference.ts';
export type { ImageRef } from './spec/reference.ts';
export { parsePort } from './spec/ports.ts';
export type { PortSpec } from './spec/ports.ts';
export { parseMount } from './spec/mounts.ts';
export type { MountSpec } from './spec/mounts.ts';

// The HTML guide
export { renderGuide } from './render/guide.ts';
export type { RenderOptions, RenderResult } from './render/guide.ts';

// Notebooks: format, kernel, verification, runner
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
export type { CellError, CellOutput, CellResult, ExecuteOptions, KernelInfo, MimeBundle } from './notebook/kernel/types.ts';
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

// The notebooks under real Jupyter (Debian's nbclient), judged by the same verification
export { runInJupyter } from './notebook/jupyter/execute.ts';
export type { JupyterReport, RunInJupyterOptions } from './notebook/jupyter/execute.ts';
export { executeIpynb } from './notebook/jupyter/nbclient.ts';
export { ensureJupyter } from './notebook/jupyter/packages.ts';
