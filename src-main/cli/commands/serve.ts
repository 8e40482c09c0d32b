import path from 'node:path';
import { startBridge } from '../../bridge/server';
import { Services } from '../../services';
import { intOption, type Command } from '../command';

export const serve: Command = {
  name: 'serve',
  summary: 'serve the app to a browser on this machine (127.0.0.1 only, session token)',
  usage: 'serve [--project DIR] [--port N] [--browse-root DIR]...',
  options: {
    project: { type: 'string' },
    port: { type: 'string' },
    // The folder browser shows the home, media and temporary folders; data elsewhere
    // (a shared disk) needs its root named.
    'browse-root': { type: 'string', multiple: true },
  },
  async run({ values, json, io, paths }) {
    const port = intOption(values.port, 'port', { min: 0, max: 65535 }) ?? 0;
    const services = new Services({
      host: 'node',
      workerScript: paths.workerScript,
      resourcesDir: paths.resourcesDir,
      projectDir: values.project as string | undefined,
      browseRoots: [
        ...((values['browse-root'] as string[] | undefined) ?? []),
        ...(process.env.PICKLINE_BROWSE_ROOTS?.split(path.delimiter).filter(Boolean) ?? []),
      ],
    });
    try {
      const bridge = await startBridge({
        services,
        rendererDir: paths.rendererDir,
        port,
      });
      io.out(
        json
          ? JSON.stringify({ url: bridge.url, port: bridge.port, token: bridge.token })
          : `Pickline is serving on ${bridge.url}\nOpen that address in a browser on this machine; Ctrl-C stops.`,
      );
      await io.untilStopped();
      await bridge.close();
    } finally {
      await services.close();
    }
  },
};
