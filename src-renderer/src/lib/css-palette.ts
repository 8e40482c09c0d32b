import type { PlotPalette } from './gather-plot';

/** The chart colours from the app's CSS variables (app.css), so one place defines them. */
export function cssPalette(element: Element): PlotPalette {
  const css = getComputedStyle(element);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    P: v('--p-colour'),
    S: v('--s-colour'),
    wiggle: v('--wiggle'),
    deadTrace: v('--dead-trace'),
    reversedTrace: v('--reversed-trace'),
    background: v('--bg'),
    text: v('--text'),
    muted: v('--muted'),
    grid: v('--border'),
    danger: v('--danger'),
    componentE: v('--component-e'),
    componentN: v('--component-n'),
    accent: v('--accent'),
  };
}
