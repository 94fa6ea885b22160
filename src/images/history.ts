import { fullImageId, shortId } from '../display/ids.ts';
import { Listing } from '../display/table.ts';
import { humanDuration, humanSize } from '../display/units.ts';
import { engineCall, type CallOptions } from '../core/call.ts';
import { resolveImage, type ImageLike } from '../core/resolve.ts';
import type { Context } from '../core/context.ts';
import { CALL_OPTIONS, checkArgs, imageLike, signature } from '../validate/signature.ts';

/** One entry of `docker history`: an instruction of the image's build, newest first. */
export interface HistoryRow {
  /**
   * The full ID (`sha256:…`) of the image this step made, or `<missing>` when it came from elsewhere (a pull, a base
   * image). Podman gives the ID without `sha256:`, and gives each layer's entries the ID of an image whose top layer
   * it is: the newest entry's may be another image sharing that layer, a step without a layer (WORKDIR) the ID of
   * the image below it.
   */
  id: string;
  created: Date;
  /** As the engine recorded it, e.g. `/bin/sh -c #(nop)  CMD ["node" "server.js"]`. */
  createdBy: string;
  /** The Dockerfile instruction recovered from `createdBy`, e.g. `CMD ["node" "server.js"]` or `RUN npm install`. */
  instruction: string;
  /** Bytes the step's layer adds. */
  size: number;
  /**
   * True when the step only changed the configuration (CMD, ENV, EXPOSE…) and made no filesystem layer. Docker:
   * a step of 0 bytes that only sets configuration (its WORKDIR makes a layer, even of 0 bytes). Podman: a step of 0
   * bytes, as Podman gives a step's size only when it made a layer, and a layer is never empty (a RUN that changes
   * nothing still makes one of a few KB); buildah makes none for WORKDIR.
   */
  emptyLayer: boolean;
}

interface EngineHistoryItem {
  Id: string;
  Created: number;
  CreatedBy: string;
  Size: number;
}

const NOP = /^\/bin\/sh -c #\(nop\)\s*/;
// A RUN under build args reads `|2 A=1 B=2 /bin/sh -c …`.
const SHELL = /^(?:\|\d+ .*?)?\/bin\/sh -c /;
const METADATA = /^(CMD|ENTRYPOINT|ENV|LABEL|EXPOSE|VOLUME|USER|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL|MAINTAINER)\b/;

/**
 * The Dockerfile instruction behind a history entry: the classic builder records metadata
 * and COPY as `/bin/sh -c #(nop) …` and RUN as the shell command itself; BuildKit records
 * the instruction with a `# buildkit` comment.
 *
 * @example
 * instructionOf('/bin/sh -c #(nop)  EXPOSE 80') // 'EXPOSE 80'
 */
export function instructionOf(createdBy: string): string {
  if (NOP.test(createdBy)) return createdBy.replace(NOP, '').trim();
  if (SHELL.test(createdBy)) return `RUN ${createdBy.replace(SHELL, '').trim()}`;
  return createdBy.replace(/ # buildkit$/, '').trim();
}

const COLUMNS = [
  { header: 'IMAGE', value: (r: HistoryRow) => (r.id === '<missing>' ? r.id : shortId(r.id)) },
  { header: 'CREATED', value: (r: HistoryRow) => `${humanDuration(Date.now() - r.created.getTime())} ago` },
  { header: 'INSTRUCTION', value: (r: HistoryRow) => r.instruction },
  { header: 'SIZE', value: (r: HistoryRow) => humanSize(r.size) },
];

/** What history() takes, checked at its entry. */
export const HISTORY_SIGNATURE = signature({
  operation: 'history',
  ctx: true,
  params: [{ name: 'ref', shape: imageLike, example: 'busybox' }],
  options: CALL_OPTIONS,
  command: 'docker history IMAGE',
});

/**
 * The steps an image was built from, newest first, like `docker history`, with each step's
 * Dockerfile instruction and whether it made a filesystem layer.
 *
 * @example
 * const steps = await history(ctx, 'web:v1');
 * steps.filter((step) => !step.emptyLayer).length; // the image's layer count
 */
export async function history(ctx: Context, ref: ImageLike, options: CallOptions = {}): Promise<Listing<HistoryRow>> {
  checkArgs(HISTORY_SIGNATURE, arguments);
  const target = await resolveImage(ctx, ref, 'history', options);
  const meta = { operation: 'history', target, command: `docker history ${target}` };
  const items = (await engineCall(options, ctx.timeoutMs, meta, () =>
    ctx.docker.getImage(target).history(),
  )) as EngineHistoryItem[];
  return Listing.create(
    COLUMNS,
    items.map((item) => {
      const instruction = instructionOf(item.CreatedBy);
      return {
        id: fullImageId(item.Id),
        created: new Date(item.Created * 1000),
        createdBy: item.CreatedBy,
        instruction,
        size: item.Size,
        emptyLayer: item.Size === 0 && (ctx.engine.kind === 'podman' || METADATA.test(instruction)),
      };
    }),
  );
}
