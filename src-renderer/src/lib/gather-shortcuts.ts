/**
 * The gather view's keyboard shortcuts: one table that both the key handler and the help
 * overlay read, so the help always lists what the keys do. Every mouse action has a key, so a
 * whole line can be picked with the keyboard alone: a cursor walks the traces (every trace,
 * with or without a pick), Enter picks at it, M at the network's most probable time.
 */
export type GatherCommand =
  | 'nudge-earlier'
  | 'nudge-later'
  | 'nudge-earlier-10'
  | 'nudge-later-10'
  | 'cursor-earlier'
  | 'cursor-later'
  | 'cursor-earlier-10'
  | 'cursor-later-10'
  | 'trace-previous'
  | 'trace-next'
  | 'trace-first'
  | 'trace-last'
  | 'pick-at-cursor'
  | 'pick-at-maximum'
  | 'previous-proposal'
  | 'next-proposal'
  | 'previous-low-confidence'
  | 'next-low-confidence'
  | 'previous-shot'
  | 'next-shot'
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
  | 'accept-correction'
  | 'phase-P'
  | 'phase-S'
  | 'cycle-snap'
  | 'toggle-probabilities'
  | 'toggle-qc'
  | 'ruler'
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
 * The command for a key press, or null. ↑/↓ nudge the selected pick, or move the cursor in
 * time when no pick is selected; ←/→ step to the neighbouring trace; Ctrl + arrows pan.
 */
export function commandFor(press: KeyPress, pickSelected: boolean): GatherCommand | null {
  const { key, shiftKey, altKey } = press;
  const ctrl = press.ctrlKey || press.metaKey;
  if (altKey) return null;
  if (ctrl) {
    if (key === 'z' || key === 'Z') return shiftKey ? 'redo' : 'undo';
    if (key === 'y' || key === 'Y') return 'redo';
    if (key === 'ArrowUp') return 'pan-up';
    if (key === 'ArrowDown') return 'pan-down';
    if (key === 'ArrowLeft') return 'pan-left';
    if (key === 'ArrowRight') return 'pan-right';
    return null;
  }
  switch (key) {
    case 'ArrowUp':
      if (pickSelected) return shiftKey ? 'nudge-earlier-10' : 'nudge-earlier';
      return shiftKey ? 'cursor-earlier-10' : 'cursor-earlier';
    case 'ArrowDown':
      if (pickSelected) return shiftKey ? 'nudge-later-10' : 'nudge-later';
      return shiftKey ? 'cursor-later-10' : 'cursor-later';
    case 'ArrowLeft':
      return 'trace-previous';
    case 'ArrowRight':
      return 'trace-next';
    case 'Home':
      return 'trace-first';
    case 'End':
      return 'trace-last';
    case 'Enter':
      return 'pick-at-cursor';
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
    case ',':
    case '<':
      return 'previous-shot';
    case '.':
    case '>':
      return 'next-shot';
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
    case 'c':
      return 'accept-correction';
    case 'm':
      return 'pick-at-maximum';
    case 'l':
      return shiftKey ? 'previous-low-confidence' : 'next-low-confidence';
    case 'p':
      return 'phase-P';
    case 's':
      return 'phase-S';
    case 'n':
      return 'cycle-snap';
    case 'o':
      return 'toggle-probabilities';
    case 'q':
      return 'toggle-qc';
    case 'v':
      return 'ruler';
    case 'd':
      return 'toggle-dead';
    case 'i':
      return 'toggle-reversed';
  }
  return null;
}

/** What the help overlay lists, in the order a session uses them. */
export const SHORTCUT_HELP: readonly { keys: string; action: string }[] = [
  { keys: ', / .', action: 'Previous / next shot (also the ◀ ▶ buttons and the shot list)' },
  { keys: 'Click', action: 'Set a pick of the current phase on the nearest trace' },
  { keys: 'Shift + click', action: 'Set a pick of the other phase' },
  { keys: 'Click a pick', action: 'Select it (hover shows its confidence)' },
  { keys: 'Drag a pick', action: 'Move it along its trace' },
  { keys: 'Drag elsewhere · wheel', action: 'Pan · zoom' },
  { keys: 'Right-click a trace', action: 'Mark the trace dead, reversed or OK' },
  { keys: '← / →', action: 'Next trace left / right, with or without a pick' },
  { keys: 'Home / End', action: 'First / last trace' },
  {
    keys: '↑ / ↓',
    action: 'Nudge the selected pick a sample earlier / later, else move the cursor',
  },
  { keys: 'Shift + ↑ / ↓', action: 'By 10 samples' },
  { keys: 'Enter', action: 'Pick at the cursor (snapped as set)' },
  { keys: 'M', action: 'Pick at the network’s most probable time on the trace' },
  { keys: '[ / ]', action: 'Previous / next proposal of the current phase' },
  { keys: 'L / Shift + L', action: 'Next / previous low-confidence pick' },
  { keys: 'A / R', action: 'Accept / reject the selected pick' },
  { keys: 'Delete', action: 'Delete the selected pick' },
  { keys: 'P / S', action: 'Pick P / pick S' },
  { keys: 'N', action: 'Snap: off → onset (AIC) → peak → trough → zero crossing' },
  { keys: 'O', action: 'Show or hide the network’s probabilities' },
  { keys: 'Q', action: 'Show or hide QC flags and corrections' },
  { keys: 'C', action: 'Accept the shown correction of the selected pick' },
  { keys: 'V', action: 'Velocity ruler: drag it, or set its ends at the cursor' },
  {
    keys: 'D / I',
    action: 'Toggle dead / reversed: trace under the mouse, else the cursor’s',
  },
  { keys: 'Ctrl + arrows · Page Up / Down', action: 'Pan · scroll by a screen' },
  { keys: '+ / − / 0', action: 'Zoom in / out / reset the view' },
  { keys: 'Ctrl + Z', action: 'Undo' },
  { keys: 'Ctrl + Shift + Z · Ctrl + Y', action: 'Redo' },
  { keys: 'Esc', action: 'Clear the selection and the ruler, close this help' },
  { keys: '?', action: 'Show or hide this help' },
];
