/**
 * The colour theme: the system's setting, or light or dark as chosen in the header. The
 * choice is kept in the browser's storage (the desktop app's is permanent; in browser mode
 * it lasts while the port does). `resolved` is what is shown; `version` changes with it, so
 * the charts, which draw with colours read from CSS, redraw.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'pickline.theme';

class ThemeState {
  choice = $state<ThemeChoice>('system');
  resolved = $state<'light' | 'dark'>('dark');
  version = $state(0);
  private query: MediaQueryList | null = null;

  start(): void {
    const stored = localStorage.getItem(KEY);
    if (stored === 'light' || stored === 'dark' || stored === 'system') this.choice = stored;
    this.query = matchMedia('(prefers-color-scheme: light)');
    this.query.addEventListener('change', () => this.apply());
    this.apply();
  }

  choose(choice: ThemeChoice): void {
    this.choice = choice;
    localStorage.setItem(KEY, choice);
    this.apply();
  }

  private apply(): void {
    const light = this.choice === 'light' || (this.choice === 'system' && !!this.query?.matches);
    this.resolved = light ? 'light' : 'dark';
    document.documentElement.dataset.theme = this.resolved;
    this.version++;
  }
}

export const theme = new ThemeState();
