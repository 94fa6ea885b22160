import { stageBaseFiles, stageBusybox, type RootfsStage } from './rootfs.ts';
import type { BaseImageSpec } from './spec.ts';

/** `busybox`: Debian's static busybox with every applet linked, like the official image. */
export const busybox: BaseImageSpec = {
  name: 'busybox',
  tags: () => ['latest'],
  async stage(stage: RootfsStage) {
    stageBaseFiles(stage);
    const version = await stageBusybox(stage);
    return { changes: ['CMD ["sh"]'], source: `Debian busybox-static ${version}` };
  },
};
