/** Sample arrays every DSP function accepts; results are Float64Array (filters need the range). */
export type Samples = Float32Array | Float64Array;
