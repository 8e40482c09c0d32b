/**
 * The gather view's keyboard shortcuts: one table that both the key handler and the help
 * overlay read, so the help always lists what the keys do.
 */
export type GatherCommand =
  | 'nudge-earlier'
  | 'nudge-later'
  | 'nudge-earlier-10'
  | 'nudge-later-10'
  | 'select-previous'
  | 'select-next'
  | 'previous-proposal'
  | 'next-proposal'
  | 'pan-up'
  | 'pan-down'
  | 'pan-left'
  | 'pan-right'
  | 'page-up'
  | 'page-down'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-reset'
  | 'delete'
  | 'accept'
  | 'reject'
  | 'phase-P'
  | 'phase-S'
  | 'cycle-snap'
  | 'toggle-dead'
  | 'toggle-reversed'
  | 'undo'
  | 'redo'
  | 'help'
  | 'escape';

/** The key fields the mapping needs (a KeyboardEvent has them). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * The command for a key press, or null. Arrow keys act on the selected pick when there is
 * one (↑/↓ nudge it, ←/→ select the pick of the same phase on the neighbouring trace) and
 * pan the view when there is none.
 */
export function commandFor(press: KeyPress, pickSelected: boolean): GatherCommand | null {
  const { key, shiftKey, altKey } = press;
  const ctrl = press.ctrlKey || press.metaKey;
  if (altKey) return null;
  if (ctrl) {
    if (key === 'z' || key === 'Z') return shiftKey ? 'redo' : 'undo';
    if (key === 'y' || key === 'Y') return 'redo';
    return null;
  }
  switch (key) {
    case 'ArrowUp':
      return pickSelected ? (shiftKey ? 'nudge-earlier-10' : 'nudge-earlier') : 'pan-up';
    case 'ArrowDown':
      return pickSelected ? (shiftKey ? 'nudge-later-10' : 'nudge-later') : 'pan-down';
    case 'ArrowLeft':
      return pickSelected ? 'select-previous' : 'pan-left';
    case 'ArrowRight':
      return pickSelected ? 'select-next' : 'pan-right';
    case 'PageUp':
      return 'page-up';
    case 'PageDown':
      return 'page-down';
    case '+':
    case '=':
      return 'zoom-in';
    case '-':
    case '_':
      return 'zoom-out';
    case '0':
      return 'zoom-reset';
    case 'Delete':
    case 'Backspace':
      return 'delete';
    case '[':
      return 'previous-proposal';
    case ']':
      return 'next-proposal';
    case '?':
      return 'help';
    case 'Escape':
      return 'escape';
  }
  switch (key.toLowerCase()) {
    case 'a':
      return 'accept';
    case 'r':
      return 'reject';
    case 'p':
      return 'phase-P';
    case 's':
      return 'phase-S';
    case 'n':
      return 'cycle-snap';
    case 'd':
      return 'toggle-dead';
    case 'i':
      return 'toggle-reversed';
  }
  return null;
}

/** What the help overlay lists, in the order a session uses them. */
export const SHORTCUT_HELP: readonly { keys: string; action: string }[] = [
  { keys: 'Click', action: 'Set a pick of the current phase on the nearest trace' },
  { keys: 'Shift + click', action: 'Set a pick of the other phase' },
  { keys: 'Click a pick', action: 'Select it' },
  { keys: 'Drag a pick', action: 'Move it along its trace' },
  { keys: 'Drag elsewhere · wheel', action: 'Pan · zoom' },
  { keys: 'Right-click a trace', action: 'Mark the trace dead, reversed or OK' },
  { keys: '↑ / ↓', action: 'Nudge the selected pick one sample earlier / later' },
  { keys: 'Shift + ↑ / ↓', action: 'Nudge by 10 samples' },
  { keys: '← / →', action: 'Select the pick on the previous / next trace' },
  { keys: '[ / ]', action: 'Select the previous / next proposal of the current phase' },
  { keys: 'Arrows (nothing selected)', action: 'Pan the view' },
  { keys: 'Page Up / Page Down', action: 'Scroll earlier / later by a screen' },
  { keys: '+ / − / 0', action: 'Zoom in / out / reset the view' },
  { keys: 'A / R', action: 'Accept / reject the selected pick' },
  { keys: 'Delete', action: 'Delete the selected pick' },
  { keys: 'P / S', action: 'Pick P / pick S' },
  { keys: 'N', action: 'Snap: off → peak → trough → zero crossing' },
  {
    keys: 'D / I',
    action: 'Toggle dead / reversed: trace under the mouse, else the selected pick’s',
  },
  { keys: 'Ctrl + Z', action: 'Undo' },
  { keys: 'Ctrl + Shift + Z · Ctrl + Y', action: 'Redo' },
  { keys: 'Esc', action: 'Clear the selection, close this help' },
  { keys: '?', action: 'Show or hide this help' },
];
