// The model conversion as a build step (`npm run convert`, scripts/setup.sh): MediaPipe's TFLite files
// from the npm packages → ONNX in models/onnx. The converter itself is library code in src/convert; this
// entry is the same `gesturegate convert` command, flags included (`--verify`, `--model`, `--out`).
import { main } from '../../src/commands/program.js';

const [node = 'node', script = 'convert', ...flags] = process.argv;
process.exitCode = await main([node, script, 'convert', ...flags]);
