import type { ApiEvent, ApiEvents, EventName } from './contract';

export type EventListener = (event: ApiEvent) => void;

/** Fan-out of service events to every connected transport (IPC window, bridge sockets). */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners) listener({ event, payload } as ApiEvent);
  }
}
