/**
 * From a station's delay on a refractor to the depth of that refractor below it.
 *
 * The ray to refractor m crosses each layer i above it at the critical angle of layer m,
 * sin θᵢ = vᵢ / vₘ, and a layer of thickness hᵢ contributes hᵢ cos θᵢ / vᵢ =
 * hᵢ √(vₘ² − vᵢ²) / (vᵢ vₘ) to the delay. With one layer above this is h₁ = a v₁ v₂ / √(v₂² − v₁²);
 * deeper refractors are stripped: the layers above the lowest one take their thicknesses from
 * the interfaces already found (interpolated along the line where the station itself has no
 * delay on them), and the lowest one takes the rest of the delay.
 */
import { interpolateAt, type Station } from './stations';

export interface DelayDepths {
  /** Per refractor, per station: depth below the station's surface, m; NaN without one. */
  depths: Float64Array[];
  warnings: string[];
}

/**
 * @param velocities of layers 1, 2, …, m/s.
 * @param delays per refractor (top of layer 2, 3, …), per station, s; NaN without a delay.
 */
export function delayDepths(
  stations: readonly Station[],
  velocities: readonly number[],
  delays: readonly Float64Array[],
): DelayDepths {
  const x = stations.map((s) => s.x);
  const depths: Float64Array[] = [];
  /** Per refractor so far: elevation of the interface per station (NaN where unknown). */
  const elevations: number[][] = [];
  const warnings: string[] = [];
  delays.forEach((delay, r) => {
    const below = velocities[r + 1]!;
    const layer = r + 2;
    const depth = new Float64Array(stations.length).fill(NaN);
    depths.push(depth);
    const slower = velocities.slice(0, r + 1).findIndex((v) => v >= below);
    if (slower >= 0) {
      warnings.push(
        `layer ${layer} (${Math.round(below)} m/s) is not faster than layer ${slower + 1} ` +
          `(${Math.round(velocities[slower]!)} m/s): no depths to the top of layer ${layer} or below`,
      );
      elevations.push(stations.map(() => NaN));
      return;
    }
    const above = elevations.map((e) => ({
      e,
      known: e.flatMap((v, i) => (Number.isNaN(v) ? [] : [i])),
    }));
    let clamped = 0;
    stations.forEach((station, s) => {
      const a = delay[s]!;
      if (Number.isNaN(a) || above.some((u) => u.known.length === 0)) return;
      // Thicknesses of the layers above the lowest one, from the interfaces found so far.
      let top = station.z;
      let thickness = 0;
      let rest = a;
      above.forEach((u, i) => {
        const bottom = Math.min(top, interpolateAt(x, u.e, u.known, station.x));
        const h = top - bottom;
        rest -= (h * Math.sqrt(below ** 2 - velocities[i]! ** 2)) / (velocities[i]! * below);
        thickness += h;
        top = bottom;
      });
      const v = velocities[r]!;
      let h = (rest * v * below) / Math.sqrt(below ** 2 - v ** 2);
      if (h < 0) {
        clamped++;
        h = 0;
      }
      depth[s] = thickness + h;
    });
    if (clamped > 0) {
      warnings.push(
        `layer ${layer}: ${clamped} station${clamped === 1 ? '' : 's'} had a delay too small for ` +
          `the layers above; the top of layer ${layer} is put on the interface above there`,
      );
    }
    elevations.push(Array.from(depth, (d, s) => stations[s]!.z - d));
  });
  return { depths, warnings };
}
