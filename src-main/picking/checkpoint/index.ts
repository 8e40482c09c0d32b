import fs from 'node:fs';
import { FormatError } from '../../formats/errors';
import { decodeEntry, decodeHeader, DT_FLOAT, type BundleEntry, type BundleHeader } from './bundle';
import { crc32c, maskCrc } from './crc32c';
import { readTable } from './sstable';

/**
 * Reads a TensorFlow 1 checkpoint (tensor-bundle format: `PREFIX.index` +
 * `PREFIX.data-NNNNN-of-NNNNN`) directly, without TensorFlow or Python.
 */

export interface CheckpointTensor {
  shape: number[];
  dtype: 'float32';
  data: Float32Array;
}

export interface CheckpointIndex {
  header: BundleHeader;
  /** Every saved tensor by name, float or not, in the index's (sorted) order. */
  entries: Map<string, BundleEntry>;
}

export function readCheckpointIndex(prefix: string): CheckpointIndex {
  const file = `${prefix}.index`;
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new FormatError(
      file,
      null,
      `cannot read the checkpoint index (${(err as Error).message})`,
    );
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let header: BundleHeader | undefined;
  const entries = new Map<string, BundleEntry>();
  for (const { key, value, offset } of readTable(bytes, file)) {
    if (key.length === 0) header = decodeHeader(value, file, offset);
    else entries.set(decoder.decode(key), decodeEntry(value, file, offset));
  }
  if (!header) throw new FormatError(file, null, 'no bundle header (empty key) in the index');
  if (header.endianness !== 0) {
    throw new FormatError(file, null, 'big-endian checkpoints are not supported');
  }
  return { header, entries };
}

function shardName(prefix: string, shard: number, numShards: number): string {
  const pad = (n: number) => String(n).padStart(5, '0');
  return `${prefix}.data-${pad(shard)}-of-${pad(numShards)}`;
}

/**
 * Every float32 tensor of the checkpoint by variable name, each checked against its CRC-32C.
 * Tensors of other types (the int32 `global_step`, say) hold nothing a network needs and are
 * left out; `readCheckpointIndex` lists them.
 */
export function readCheckpoint(prefix: string): Map<string, CheckpointTensor> {
  const { header, entries } = readCheckpointIndex(prefix);
  const shards = new Map<number, { file: string; bytes: Uint8Array }>();
  const shard = (id: number) => {
    let loaded = shards.get(id);
    if (!loaded) {
      const file = shardName(prefix, id, header.numShards);
      try {
        loaded = { file, bytes: fs.readFileSync(file) };
      } catch (err) {
        throw new FormatError(
          file,
          null,
          `cannot read checkpoint data (${(err as Error).message})`,
        );
      }
      shards.set(id, loaded);
    }
    return loaded;
  };

  const tensors = new Map<string, CheckpointTensor>();
  for (const [name, entry] of entries) {
    if (entry.dtype !== DT_FLOAT) continue;
    const { file, bytes } = shard(entry.shardId);
    if (entry.sliced) {
      throw new FormatError(
        file,
        entry.offset,
        `${name}: sliced (partitioned) tensors are not supported`,
      );
    }
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (entry.size !== count * 4) {
      throw new FormatError(
        file,
        entry.offset,
        `${name}: ${entry.size} bytes for a float32 tensor of shape [${entry.shape}]`,
      );
    }
    if (entry.offset + entry.size > bytes.length) {
      throw new FormatError(file, entry.offset, `${name}: tensor runs past the end of the file`);
    }
    const raw = bytes.subarray(entry.offset, entry.offset + entry.size);
    if (maskCrc(crc32c(raw)) !== entry.crc32c) {
      throw new FormatError(file, entry.offset, `${name}: checksum mismatch (file corrupted?)`);
    }
    // Decode rather than view: the tensor may start at an offset that is not a multiple of 4,
    // and the bytes are little-endian whatever the host.
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(4 * i, true);
    tensors.set(name, { shape: entry.shape, dtype: 'float32', data });
  }
  return tensors;
}
