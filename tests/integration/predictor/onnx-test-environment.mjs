// jest runs each test file in its own realm, with its own Float32Array. onnxruntime-node creates
// output tensors in Node's main realm, and onnxruntime-common's Tensor rejects them with "A
// float32 tensor's data must be type of Float32Array" because the instanceof check compares
// constructors of two realms. This environment hands the test realm Node's own typed arrays.
import { TestEnvironment } from 'jest-environment-node';

const SHARED_CONSTRUCTORS = [
  'ArrayBuffer',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

export default class OnnxTestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED_CONSTRUCTORS) {
      this.global[name] = globalThis[name];
    }
  }
}
