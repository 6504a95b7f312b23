// SSD anchor generation as MediaPipe's SsdAnchorsCalculator does it: layers that share a stride
// are merged into one feature map, each cell gets one anchor per (aspect ratio, scale) pair.

export interface SsdAnchorOptions {
  numLayers: number;
  minScale: number;
  maxScale: number;
  inputSizeWidth: number;
  inputSizeHeight: number;
  anchorOffsetX: number;
  anchorOffsetY: number;
  strides: number[];
  aspectRatios: number[];
  /** Adds one anchor per layer with the geometric mean of this and the next scale; ≤ 0 turns it off. MediaPipe's default is 1. */
  interpolatedScaleAspectRatio: number;
  /** Lowest layer gets three fixed anchors (0.1 scale ratio 1, scale ratio 2, scale ratio 0.5). */
  reduceBoxesInLowestLayer: boolean;
  /** Every anchor has width = height = 1 (the regressors carry the size). */
  fixedAnchorSize: boolean;
}

/** Normalised anchor: centre and size as fractions of the model input. */
export interface Anchor {
  xCenter: number;
  yCenter: number;
  width: number;
  height: number;
}

/** The palm detection model's anchors (192x192 input, 2016 anchors). */
export function palmAnchorOptions(inputSize: number): SsdAnchorOptions {
  return {
    numLayers: 4,
    minScale: 0.1484375,
    maxScale: 0.75,
    inputSizeWidth: inputSize,
    inputSizeHeight: inputSize,
    anchorOffsetX: 0.5,
    anchorOffsetY: 0.5,
    strides: [8, 16, 16, 16],
    aspectRatios: [1.0],
    interpolatedScaleAspectRatio: 1.0,
    reduceBoxesInLowestLayer: false,
    fixedAnchorSize: true,
  };
}

/** The pose (person) detection model's anchors (224x224 input, 2254 anchors), from pose_detection_cpu.pbtxt. */
export function poseAnchorOptions(inputSize: number): SsdAnchorOptions {
  return { ...palmAnchorOptions(inputSize), numLayers: 5, strides: [8, 16, 32, 32, 32] };
}

function layerScale(minScale: number, maxScale: number, strideIndex: number, numStrides: number): number {
  if (numStrides === 1) return (minScale + maxScale) / 2;
  return minScale + ((maxScale - minScale) * strideIndex) / (numStrides - 1);
}

export function generateAnchors(options: SsdAnchorOptions): Anchor[] {
  const { strides, numLayers } = options;
  if (strides.length !== numLayers) {
    throw new Error(`SSD anchors: ${strides.length} strides for ${numLayers} layers`);
  }
  const anchors: Anchor[] = [];
  let layer = 0;
  while (layer < numLayers) {
    const ratios: number[] = [];
    const scales: number[] = [];
    let last = layer;
    while (last < numLayers && strides[last] === strides[layer]) {
      const scale = layerScale(options.minScale, options.maxScale, last, numLayers);
      if (last === 0 && options.reduceBoxesInLowestLayer) {
        ratios.push(1.0, 2.0, 0.5);
        scales.push(0.1, scale, scale);
      } else {
        for (const ratio of options.aspectRatios) {
          ratios.push(ratio);
          scales.push(scale);
        }
        if (options.interpolatedScaleAspectRatio > 0) {
          const next = last === numLayers - 1 ? 1.0 : layerScale(options.minScale, options.maxScale, last + 1, numLayers);
          scales.push(Math.sqrt(scale * next));
          ratios.push(options.interpolatedScaleAspectRatio);
        }
      }
      last++;
    }
    const stride = strides[layer]!;
    const rows = Math.ceil(options.inputSizeHeight / stride);
    const cols = Math.ceil(options.inputSizeWidth / stride);
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        for (let k = 0; k < ratios.length; k++) {
          const ratioSqrt = Math.sqrt(ratios[k]!);
          anchors.push({
            xCenter: (x + options.anchorOffsetX) / cols,
            yCenter: (y + options.anchorOffsetY) / rows,
            width: options.fixedAnchorSize ? 1 : scales[k]! * ratioSqrt,
            height: options.fixedAnchorSize ? 1 : scales[k]! / ratioSqrt,
          });
        }
      }
    }
    layer = last;
  }
  return anchors;
}
