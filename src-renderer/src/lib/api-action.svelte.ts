/**
 * One user action that calls the services: whether it is running (its button waits) and the
 * message of its last failure (shown beside it), which every form otherwise kept by hand
 * around the same try/catch/finally.
 */
export class ApiAction {
  busy = $state(false);
  error = $state<string | null>(null);

  /** Runs `work`; its value, or undefined when it failed (the message is in `error`). */
  async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy = true;
    this.error = null;
    try {
      return await work();
    } catch (err) {
      this.error = (err as Error).message;
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
