// TensorFlow.js for training: the native tfjs-node backend when it is installed, else the wasm backend
// loaded from the local node_modules files (nothing is fetched). Imported on first use: tfjs takes about
// half a second to load, which every other command (and the daemon) would pay at start.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createLogger } from '../util/log.js';
import { registerWasmConvFilterGradient } from './wasm-conv-filter-gradient.js';

export type Tf = typeof import('@tensorflow/tfjs');
let ready: Promise<Tf> | undefined;

export function loadTf(): Promise<Tf> {
  ready ??= (async () => {
    const log = createLogger('train.tf');
    const tf = await import('@tensorflow/tfjs');
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    // PROD silences tfjs's console advice (it would land on stdout, which the CLI keeps for data).
    tf.env().set('PROD', true);
    // The package name is held in a variable so builds without it type-check; it registers a backend on import.
    const nativeBackend = '@tensorflow/tfjs-node';
    try {
      await import(nativeBackend);
      if (await tf.setBackend('tensorflow')) return tf;
    } catch {
      // not installed: wasm below
    }
    const require = createRequire(import.meta.url);
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
    if (!(await tf.setBackend('wasm'))) throw new Error('the TensorFlow.js wasm backend failed to start');
    registerWasmConvFilterGradient(tf);
    await tf.ready();
    log.debug('backend', { backend: tf.getBackend() });
    return tf;
  })();
  return ready;
}
