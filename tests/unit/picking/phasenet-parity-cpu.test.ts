import { describeParity } from './phasenet-parity';

// The pure-JavaScript backend is the fallback when WebAssembly cannot start: it must agree too.
describeParity('cpu');
