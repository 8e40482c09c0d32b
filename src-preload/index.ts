/**
 * The preload exposes the typed API on `window.pickline` and nothing else: one call
 * function, one event subscription, the transport's name, the path of a file dropped on the
 * window (so that a drop imports shot files) and the native open dialog.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC_CHOOSE_PATHS, IPC_EVENT, IPC_INVOKE } from '../src-main/api/channels';
import type { ApiEvent, Envelope, PicklineBridge } from '../src-main/api/contract';

const bridge: PicklineBridge = {
  transport: 'ipc',
  invoke: (method, input) => ipcRenderer.invoke(IPC_INVOKE, method, input) as Promise<Envelope>,
  onEvent(listener) {
    const wrapped = (_event: IpcRendererEvent, payload: ApiEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT, wrapped);
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
  choosePaths: (request) => ipcRenderer.invoke(IPC_CHOOSE_PATHS, request) as Promise<string[]>,
};

contextBridge.exposeInMainWorld('pickline', bridge);
