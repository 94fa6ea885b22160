import { stageBaseFiles, stageBusybox, type RootfsStage } from './rootfs.ts';
import type { BaseImageSpec } from './spec.ts';

/**
 * `busybox`: Debian's static busybox with every applet linked, like the official image, tagged with its version too.
 */
export const busybox: BaseImageSpec = {
  name: 'busybox',
  tags: (source) => {
    const version = /busybox-static (\d[\w.]*)/.exec(source ?? '')?.[1];
    return version ? ['latest', version] : ['latest'];
  },
  async stage(stage: RootfsStage) {
    stageBaseFiles(stage);
    const version = await stageBusybox(stage);
    return { changes: ['CMD ["sh"]'], source: `Debian busybox-static ${version}` };
  },
};
