import type {
  ApiErrorBody,
  ApiEvent,
  Envelope,
  PicklineBridge,
} from '../../../src-main/api/contract';

/** A message from the bridge: a reply to call `id`, or a pushed event. */
interface Message {
  id?: number | null;
  event?: string;
  ok?: boolean;
  value?: unknown;
  error?: ApiErrorBody;
}

/**
 * The browser transport: the same calls and events as IPC, over the bridge's WebSocket.
 * The session cookie set by the first page load authenticates the socket.
 */
export function websocketBridge(url = `ws://${location.host}/ws`): PicklineBridge {
  const listeners = new Set<(event: ApiEvent) => void>();
  const pending = new Map<number, (envelope: Envelope) => void>();
  let nextId = 1;
  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener(
      'error',
      () => reject(new Error('cannot connect to the Pickline bridge')),
      {
        once: true,
      },
    );
  });

  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as Message;
    if (data.event) {
      for (const listener of listeners) listener(data as unknown as ApiEvent);
      return;
    }
    const resolve = typeof data.id === 'number' ? pending.get(data.id) : undefined;
    if (!resolve) return;
    pending.delete(data.id as number);
    resolve(data as Envelope);
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'failed', message: 'connection to Pickline closed' } });
    }
    pending.clear();
  });

  return {
    transport: 'websocket',
    async invoke(method, input) {
      await opened;
      const id = nextId++;
      return new Promise<Envelope>((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, method, input }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
