import { ProtoWriter } from './protobuf-writer';

/**
 * The subset of the ONNX format (onnx/onnx.proto, IR version 7) that an inference graph of
 * float tensors needs, as plain data, and its protobuf encoding. Field numbers are those of
 * onnx.proto; fields left out take their protobuf defaults.
 */

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;
export type DataType = (typeof DataType)[keyof typeof DataType];

/** IR version 7 is the one that came with opset 13; every runtime since reads it. */
export const IR_VERSION = 7;

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: DataType;
  /** Values in row-major order, stored little-endian in raw_data. */
  values: Float32Array | BigInt64Array;
}

export type OnnxAttribute =
  | { name: string; type: 'int'; value: number }
  | { name: string; type: 'ints'; value: number[] }
  | { name: string; type: 'float'; value: number }
  | { name: string; type: 'string'; value: string };

export interface OnnxNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes?: OnnxAttribute[];
}

/** A graph input or output: a float tensor whose dims are sizes or named symbolic sizes. */
export interface OnnxValueInfo {
  name: string;
  elemType: DataType;
  dims: (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export interface OnnxModel {
  opset: number;
  producerName: string;
  producerVersion: string;
  docString: string;
  graph: OnnxGraph;
}

/** AttributeProto.AttributeType values. */
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, ints: 7 } as const;

function tensorProto(t: OnnxTensor): ProtoWriter {
  const expected = t.dims.reduce((a, b) => a * b, 1);
  if (t.values.length !== expected) {
    throw new Error(`ONNX tensor ${t.name}: ${t.values.length} values for dims [${t.dims}]`);
  }
  const raw = new Uint8Array(t.values.byteLength);
  const view = new DataView(raw.buffer);
  // raw_data is little-endian whatever the host, so write it value by value.
  if (t.values instanceof Float32Array) {
    t.values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  } else {
    t.values.forEach((v, i) => view.setBigInt64(8 * i, v, true));
  }
  return new ProtoWriter()
    .packedVarints(1, t.dims)
    .varint(2, t.dataType)
    .string(8, t.name)
    .bytes(9, raw);
}

function attributeProto(a: OnnxAttribute): ProtoWriter {
  const w = new ProtoWriter().string(1, a.name);
  switch (a.type) {
    case 'float':
      w.float(2, a.value);
      break;
    case 'int':
      w.varint(3, a.value);
      break;
    case 'string':
      w.string(4, a.value);
      break;
    case 'ints':
      w.packedVarints(8, a.value);
      break;
  }
  return w.varint(20, ATTRIBUTE_TYPE[a.type]);
}

function nodeProto(n: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const input of n.inputs) w.string(1, input);
  for (const output of n.outputs) w.string(2, output);
  w.string(3, n.name).string(4, n.opType);
  for (const a of n.attributes ?? []) w.message(5, attributeProto(a));
  return w;
}

function valueInfoProto(v: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims) {
    // TensorShapeProto.Dimension: dim_value (1) or dim_param (2), a named free size.
    const dim =
      typeof d === 'number' ? new ProtoWriter().varint(1, d) : new ProtoWriter().string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().varint(1, v.elemType).message(2, shape);
  const type = new ProtoWriter().message(1, tensorType);
  return new ProtoWriter().string(1, v.name).message(2, type);
}

function graphProto(g: OnnxGraph): ProtoWriter {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, nodeProto(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, tensorProto(t));
  for (const v of g.inputs) w.message(11, valueInfoProto(v));
  for (const v of g.outputs) w.message(12, valueInfoProto(v));
  return w;
}

/** The ModelProto bytes of `model`, as an ONNX runtime loads them from a .onnx file. */
export function encodeModel(model: OnnxModel): Uint8Array {
  // The default (empty) domain is the standard ai.onnx operator set.
  const opset = new ProtoWriter().string(1, '').varint(2, model.opset);
  return new ProtoWriter()
    .varint(1, IR_VERSION)
    .string(2, model.producerName)
    .string(3, model.producerVersion)
    .string(6, model.docString)
    .message(7, graphProto(model.graph))
    .message(8, opset)
    .finish();
}
