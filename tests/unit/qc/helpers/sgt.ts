/**
 * Just enough of pyGIMLi's unified data format (.sgt) for the QC tests: the sensor list
 * (`#x y`) then the measurements (`#s g t`, 1-based sensor indices, time in seconds).
 */
export interface SgtPick {
  source: number;
  receiver: number;
  time: number;
}

export function parseSgt(text: string): SgtPick[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const sensorCount = Number.parseInt(lines[0]!, 10);
  const sensors = lines.slice(2, 2 + sensorCount).map((l) => Number.parseFloat(l.split(/\s+/)[0]!));
  const measurementCount = Number.parseInt(lines[2 + sensorCount]!, 10);
  if (lines[1] !== '#x y' || lines[3 + sensorCount] !== '#s g t') {
    throw new Error('not the sensor-then-measurement layout this parser reads');
  }
  return lines.slice(4 + sensorCount, 4 + sensorCount + measurementCount).map((l) => {
    const [s, g, t] = l.split(/\s+/).map(Number);
    return { source: sensors[s! - 1]!, receiver: sensors[g! - 1]!, time: t! };
  });
}
