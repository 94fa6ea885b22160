// dockbook: the library cells (and scripts) use, by name. Cells mostly need openSession(); the
// plain functions take a Context and are what a Session binds. It loads no kernel, runner or
// stack code: those are dockbook/runner and dockbook/stack.

// Errors
export { DockbookError, isDockbookError } from './errors.ts';
export type { DockbookErrorInit, ErrorCode } from './errors.ts';

// The engine a session connects to
export { cacheDir, packageRoot } from './paths.ts';
export { defaultSockets, discoverEndpoint } from './core/endpoint.ts';
export type { DiscoverOptions, Endpoint, EndpointSource } from './core/endpoint.ts';
export { CLIENT_MAX_API_VERSION, connect, negotiateApiVersion } from './core/connect.ts';
export type { ConnectOptions, Engine, EngineInfo, EngineKind } from './core/connect.ts';

// Registries: logins, the course's addresses and credentials
export { login } from './registry/login.ts';
export type { LoginResult } from './registry/login.ts';
export { courseCredentials } from './registry/credentials.ts';
export { courseRegistries } from './registry/course.ts';
export type { CourseRegistries } from './registry/course.ts';
export type { Credentials } from './registry/credentials.ts';
export { dockerConfigDir, sessionDockerConfig } from './registry/docker-config.ts';

// Sessions
export { cleanupAll, openSession } from './session/open.ts';
export type { SessionOptions } from './session/open.ts';
export { Session } from './session/session.ts';
export { createContext, newSessionId } from './core/context-factory.ts';
export type { ContextOptions } from './core/context-factory.ts';
export type { Context, ProgressEvent } from './core/context.ts';
export { cleanupSession, sweepStaleSessions } from './session/cleanup.ts';
export type { CleanupReport } from './session/cleanup.ts';
export { LABEL_NOTEBOOK, LABEL_OWNER, LABEL_RUN, LABEL_SESSION } from './core/labels.ts';

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
export { inspect, port } from './containers/inspect.ts';
export type { ContainerInfo, InspectOptions, PublishedPort } from './containers/inspect.ts';
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
export type {
  CreateVolumeOptions,
  PruneVolumesOptions,
  PruneVolumesResult,
  RmVolumeOptions,
  RmVolumeResult,
  VolumesOptions,
} from './volumes/volumes.ts';
export type { Volume } from './volumes/value.ts';
export { cli } from './docker-cli.ts';
export type { CliOptions, CliResult } from './docker-cli.ts';
export { http } from './net/http.ts';
export type { HttpOptions, HttpResult } from './net/http.ts';

// Assertions for cells
export { check, CheckFailure } from './check.ts';
export type { Check, EventuallyOptions } from './check.ts';

// Values, specs and streams
export type { CallOptions } from './core/call.ts';
export type { ContainerRef, ImageLike } from './core/resolve.ts';
export type { Until } from './core/streams.ts';
export { Listing } from './display/table.ts';
export type { Column } from './display/table.ts';
export { humanDuration, humanSize } from './display/units.ts';
export { escapeHtml } from './display/html.ts';
export { show } from './display/show.ts';
export type { HtmlDisplay, ShowOptions } from './display/show.ts';
export { parseImageRef } from './input/reference.ts';
export type { ImageRef } from './input/reference.ts';
export { parsePort } from './input/ports.ts';
export type { PortSpec } from './input/ports.ts';
export { parseMount } from './input/mounts.ts';
export type { MountSpec } from './input/mounts.ts';
