/**
 * IPC channel names: one for calls, one for events. Kept apart from the contract so the
 * preload bundle stays free of zod and of everything else.
 */
export const IPC_INVOKE = 'pickline:invoke';
export const IPC_EVENT = 'pickline:event';
/** The native open dialog (see PicklineBridge.choosePaths). */
export const IPC_CHOOSE_PATHS = 'pickline:choose-paths';
