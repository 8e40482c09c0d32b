import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckpoint, readCheckpointIndex } from '../../../src-main/picking/checkpoint';
import { decodeEntry } from '../../../src-main/picking/checkpoint/bundle';
import { crc32c } from '../../../src-main/picking/checkpoint/crc32c';
import { tmpDir } from '../../helpers/tmp';
import { CHECKPOINT_PREFIX } from './phasenet-fixtures';

/** Bit-at-a-time CRC-32C, the definition the table-driven version must agree with. */
function crc32cReference(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A copy of the checkpoint in a temporary folder, to damage. */
function copyCheckpoint(): string {
  const dir = tmpDir();
  for (const suffix of ['.index', '.data-00000-of-00001']) {
    fs.copyFileSync(`${CHECKPOINT_PREFIX}${suffix}`, path.join(dir, `model_95.ckpt${suffix}`));
  }
  return path.join(dir, 'model_95.ckpt');
}

function flipByte(file: string, offset: number): void {
  const bytes = fs.readFileSync(file);
  bytes[offset] = bytes[offset]! ^ 0xff;
  fs.writeFileSync(file, bytes);
}

describe('CRC-32C', () => {
  it('gives the check value of the standard and agrees with the bitwise definition', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 0xff);
    for (let n = 0; n <= bytes.length; n += 7) {
      expect(crc32c(bytes.subarray(3, 3 + n))).toBe(crc32cReference(bytes.subarray(3, 3 + n)));
    }
  });
});

describe('bundle entry decoding', () => {
  it('reads dtype, shape, shard, offset, size and crc, skipping unknown fields', () => {
    const bytes = Uint8Array.from([
      0x08,
      0x01, // dtype: DT_FLOAT
      0x12,
      0x08,
      0x12,
      0x02,
      0x08,
      0x07,
      0x12,
      0x02,
      0x08,
      0x03, // shape [7, 3]
      0x20,
      0xac,
      0x02, // offset 300
      0x28,
      0x54, // size 84
      0x35,
      0x78,
      0x56,
      0x34,
      0x12, // crc32c (fixed32)
      0x78,
      0x05, // field 15, unknown: skipped
    ]);
    expect(decodeEntry(bytes, 'x.index', 0)).toEqual({
      dtype: 1,
      shape: [7, 3],
      shardId: 0,
      offset: 300,
      size: 84,
      crc32c: 0x12345678,
      sliced: false,
    });
  });

  it('names the file and byte of a truncated message', () => {
    expect(() => decodeEntry(Uint8Array.from([0x12, 0x09, 0x12]), 'x.index', 100)).toThrow(
      /^x\.index: at byte 100: bundle entry: field 2: length 9 runs past the message/,
    );
  });
});

describe('TF1 checkpoint reader (PhaseNet model_95)', () => {
  it('reads the header and lists every saved tensor', () => {
    const { header, entries } = readCheckpointIndex(CHECKPOINT_PREFIX);
    expect(header).toMatchObject({ numShards: 1, endianness: 0 });
    // 93 network variables, each but the moving statistics with two Adam slots, and
    // beta1_power, beta2_power, global_step.
    expect(entries.size).toBe(210);
    expect(entries.get('global_step')).toMatchObject({ dtype: 3, shape: [] }); // int32
    expect([...entries.keys()]).toEqual([...entries.keys()].sort());
  });

  it('returns the float tensors with their shapes and checked contents', () => {
    const tensors = readCheckpoint(CHECKPOINT_PREFIX);
    expect(tensors.size).toBe(209);
    expect(tensors.has('global_step')).toBe(false);
    const shapes = Object.fromEntries([...tensors].map(([name, t]) => [name, t.shape]));
    expect(shapes).toMatchObject({
      'Input/input_conv/kernel': [7, 1, 3, 8],
      'Input/input_conv/bias': [8],
      'DownConv_4/down_conv1_5/kernel': [7, 1, 64, 128],
      'UpConv_3/up_conv0_4/kernel': [7, 1, 64, 128],
      'UpConv_0/up_conv1_1/kernel': [7, 1, 16, 8],
      'Output/output_conv/kernel': [1, 1, 8, 3],
      beta1_power: [],
    });
    expect(tensors.has('DownConv_4/down_conv3_5/kernel')).toBe(false);
    const variance = tensors.get('UpConv_0/up_bn1_1/moving_variance')!;
    expect(variance.data).toHaveLength(8);
    expect(Math.min(...variance.data)).toBeGreaterThan(0);
  });

  it('detects a damaged tensor and names the data file, byte and variable', () => {
    const prefix = copyCheckpoint();
    const { entries } = readCheckpointIndex(prefix);
    const kernel = entries.get('Input/input_conv/kernel')!;
    flipByte(`${prefix}.data-00000-of-00001`, kernel.offset + 10);
    expect(() => readCheckpoint(prefix)).toThrow(
      new RegExp(
        `model_95\\.ckpt\\.data-00000-of-00001: at byte ${kernel.offset}: Input/input_conv/kernel: checksum mismatch`,
      ),
    );
  });

  it('detects a damaged or truncated index and a missing data file', () => {
    const prefix = copyCheckpoint();
    const index = `${prefix}.index`;
    const original = fs.readFileSync(index);
    flipByte(index, 40);
    expect(() => readCheckpointIndex(prefix)).toThrow(
      /model_95\.ckpt\.index: at byte 0: block checksum mismatch/,
    );
    fs.writeFileSync(index, original.subarray(0, original.length - 1));
    expect(() => readCheckpointIndex(prefix)).toThrow(
      /model_95\.ckpt\.index: at byte \d+: not a LevelDB table/,
    );
    fs.writeFileSync(index, original);
    fs.rmSync(`${prefix}.data-00000-of-00001`);
    expect(() => readCheckpoint(prefix)).toThrow(
      /data-00000-of-00001: cannot read checkpoint data/,
    );
    expect(() => readCheckpoint(path.join(path.dirname(prefix), 'nope.ckpt'))).toThrow(
      /nope\.ckpt\.index: cannot read the checkpoint index/,
    );
  });
});
