import type {
  ApiEvent,
  ErrorCode,
  Input,
  MethodName,
  Output,
  PathRequest,
  PicklineBridge,
} from '../../../src-main/api/contract';
import { websocketBridge } from './bridge-websocket';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser, where the WebSocket bridge is used. */
    pickline?: PicklineBridge;
  }
}

export class ApiCallError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The typed client the whole renderer uses, whatever transport carries it. */
export interface ApiClient {
  readonly transport: PicklineBridge['transport'];
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** Where a dropped file is on this machine: only the desktop app can say. */
  readonly pathForFile: ((file: File) => string) | undefined;
  /** The desktop's open dialog; absent in a browser (the app's folder browser serves). */
  choosePaths: ((request: PathRequest) => Promise<string[]>) | null;
}

export function createClient(bridge: PicklineBridge): ApiClient {
  return {
    transport: bridge.transport,
    pathForFile: bridge.pathForFile ? (file) => bridge.pathForFile!(file) : undefined,
    async call(method, input) {
      const envelope = await bridge.invoke(method, input);
      if (!envelope.ok) throw new ApiCallError(envelope.error.code, envelope.error.message);
      return envelope.value as Output<typeof method>;
    },
    onEvent: (listener) => bridge.onEvent(listener),
    choosePaths: bridge.choosePaths ? (request) => bridge.choosePaths!(request) : null,
  };
}

export const api: ApiClient = createClient(window.pickline ?? websocketBridge());
