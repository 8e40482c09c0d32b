import { describe, expect, it } from 'vitest';
import { decodeFields, readVarint } from '../../../src-main/picking/checkpoint/protobuf';
import { DataType, encodeModel, IR_VERSION } from '../../../src-main/picking/onnx/onnx-proto';
import { ProtoWriter } from '../../../src-main/picking/onnx/protobuf-writer';

const text = (v: number | Uint8Array) => new TextDecoder().decode(v as Uint8Array);
/** Fields of a message with this number, in wire order. */
const all = (bytes: Uint8Array, field: number) =>
  decodeFields(bytes)
    .filter((f) => f.field === field)
    .map((f) => f.value);
const one = (bytes: Uint8Array, field: number) => {
  const values = all(bytes, field);
  expect(values).toHaveLength(1);
  return values[0]!;
};
/** The varints of a packed repeated field. */
function unpack(bytes: Uint8Array): number[] {
  const values: number[] = [];
  for (let pos = 0; pos < bytes.length;) {
    const v = readVarint(bytes, pos);
    values.push(v.value);
    pos = v.next;
  }
  return values;
}

describe('ProtoWriter', () => {
  it('writes varints the reader reads back, multi-byte ones included', () => {
    for (const value of [0, 1, 127, 128, 300, 16383, 16384, 2 ** 31, 2 ** 40 + 5]) {
      const bytes = new ProtoWriter().varint(3, value).finish();
      expect(decodeFields(bytes)).toEqual([{ field: 3, value }]);
    }
    expect([...new ProtoWriter().varint(1, 300).finish()]).toEqual([0x08, 0xac, 0x02]);
  });

  it('writes a negative int64 as ten bytes of two’s complement', () => {
    const bytes = new ProtoWriter().varint(1, -1).finish();
    expect([...bytes]).toEqual([0x08, ...Array(9).fill(0xff), 0x01]);
    const { value } = readVarint(bytes, 1);
    // The reader's doubles hold 2^64 - 1 only approximately; the bytes above are the check.
    expect(value).toBeCloseTo(2 ** 64, -5);
  });

  it('writes floats, strings, bytes, nested messages and packed varints', () => {
    const inner = new ProtoWriter().string(1, 'conv').varint(2, 7);
    const bytes = new ProtoWriter()
      .float(1, 1e-3)
      .string(2, 'Zürich')
      .bytes(3, Uint8Array.of(1, 2, 3))
      .message(4, inner)
      .packedVarints(5, [0, 8, 3000, 1])
      .finish();
    const fields = decodeFields(bytes);
    expect(fields.map((f) => f.field)).toEqual([1, 2, 3, 4, 5]);
    const f32 = new DataView(new ArrayBuffer(4));
    f32.setUint32(0, fields[0]!.value as number, true);
    expect(f32.getFloat32(0, true)).toBe(Math.fround(1e-3));
    expect(text(fields[1]!.value)).toBe('Zürich');
    expect([...(fields[2]!.value as Uint8Array)]).toEqual([1, 2, 3]);
    expect(decodeFields(fields[3]!.value as Uint8Array)).toEqual([
      { field: 1, value: new TextEncoder().encode('conv') },
      { field: 2, value: 7 },
    ]);
    expect(unpack(fields[4]!.value as Uint8Array)).toEqual([0, 8, 3000, 1]);
  });
});

describe('encodeModel', () => {
  const bytes = encodeModel({
    opset: 13,
    producerName: 'pickline',
    producerVersion: '1',
    docString: 'test',
    graph: {
      name: 'g',
      nodes: [
        {
          name: 'y',
          opType: 'Softmax',
          inputs: ['x'],
          outputs: ['y'],
          attributes: [{ name: 'axis', type: 'int', value: -1 }],
        },
      ],
      initializers: [
        { name: 'w', dims: [2, 1], dataType: DataType.FLOAT, values: Float32Array.of(0.5, -2) },
        { name: 's', dims: [2], dataType: DataType.INT64, values: BigInt64Array.of(-1n, 3000n) },
      ],
      inputs: [{ name: 'x', elemType: DataType.FLOAT, dims: ['batch', 3] }],
      outputs: [{ name: 'y', elemType: DataType.FLOAT, dims: ['batch', 3] }],
    },
  });

  it('lays out ModelProto with the IR version, opset and graph of onnx.proto', () => {
    expect(one(bytes, 1)).toBe(IR_VERSION);
    expect(text(one(bytes, 2))).toBe('pickline');
    const opset = one(bytes, 8) as Uint8Array;
    expect(text(one(opset, 1))).toBe('');
    expect(one(opset, 2)).toBe(13);
    const graph = one(bytes, 7) as Uint8Array;
    expect(text(one(graph, 2))).toBe('g');

    const node = one(graph, 1) as Uint8Array;
    expect(text(one(node, 1))).toBe('x');
    expect(text(one(node, 4))).toBe('Softmax');
    const attribute = one(node, 5) as Uint8Array;
    expect(text(one(attribute, 1))).toBe('axis');
    expect(one(attribute, 20)).toBe(2); // AttributeType INT

    const [w, s] = all(graph, 5) as Uint8Array[];
    expect(unpack(one(w!, 1) as Uint8Array)).toEqual([2, 1]);
    expect(one(w!, 2)).toBe(DataType.FLOAT);
    const raw = one(w!, 9) as Uint8Array;
    expect([...new Float32Array(raw.slice().buffer)]).toEqual([0.5, -2]);
    const raw64 = one(s!, 9) as Uint8Array;
    expect([...new BigInt64Array(raw64.slice().buffer)]).toEqual([-1n, 3000n]);

    const input = one(graph, 11) as Uint8Array;
    const tensorType = one(one(input, 2) as Uint8Array, 1) as Uint8Array;
    expect(one(tensorType, 1)).toBe(DataType.FLOAT);
    const dims = all(one(tensorType, 2) as Uint8Array, 1) as Uint8Array[];
    expect(text(one(dims[0]!, 2))).toBe('batch');
    expect(one(dims[1]!, 1)).toBe(3);
  });

  it('refuses a tensor whose values do not fill its dims', () => {
    expect(() =>
      encodeModel({
        opset: 13,
        producerName: 'p',
        producerVersion: '1',
        docString: '',
        graph: {
          name: 'g',
          nodes: [],
          initializers: [
            { name: 'w', dims: [2, 2], dataType: DataType.FLOAT, values: new Float32Array(3) },
          ],
          inputs: [],
          outputs: [],
        },
      }),
    ).toThrow(/ONNX tensor w: 3 values for dims \[2,2\]/);
  });
});
