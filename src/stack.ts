// dockbook/stack: what the course runs against, started and stopped: the engine (dockerd, or the project's own
// Podman), the public and private registries with the mirror, the base images; bringUp/bringDown for all.
export { engineDown, engineStatus, engineUp, formatEngineStatus } from './stack/engine.ts';
export type { EngineStatus, EngineUpOptions, EngineUpResult } from './stack/engine.ts';
export { podmanDown, podmanUp } from './stack/podman.ts';
export type { PodmanDownOptions, PodmanDownResult, PodmanUpOptions, PodmanUpResult } from './stack/podman.ts';
export { formatPodmanStatus, podmanStatus } from './stack/podman-status.ts';
export type { PodmanStatus } from './stack/podman-status.ts';
export { BASE_IMAGES, SEED_LABEL, seedImages } from './stack/seed.ts';
export type { SeedOptions, SeedResult } from './stack/seed.ts';
export { formatRegistryStatus, registryDown, registryGc, registryStatus, registryUp } from './stack/registry.ts';
export type { RegistryStatus, RegistryUpResult } from './stack/registry.ts';
export { fillMirror } from './stack/mirror.ts';
export type { MirrorResult } from './stack/mirror.ts';
export { bringDown, bringUp } from './stack/stack.ts';
