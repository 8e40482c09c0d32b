import { describeParity } from './phasenet-parity';

describeParity('wasm');
