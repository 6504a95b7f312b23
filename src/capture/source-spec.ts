// What a source string means: a camera, a file, a stream URL, a GStreamer pipeline or node-webcam.
import { UserError } from '../util/errors.js';
import { maskCredentials } from '../util/url.js';

export type SourceSpec =
  | { kind: 'device'; device: number | string }
  | { kind: 'file'; path: string }
  | { kind: 'url'; url: string }
  | { kind: 'gstreamer'; pipeline: string }
  | { kind: 'webcam'; device: string | false };

/**
 * "0" or "/dev/video2" → camera; "rtsp://…", "http(s)://…" → stream; a string with " ! " → GStreamer
 * pipeline (e.g. nvarguscamerasrc on a Jetson, ending in appsink); "webcam:" or "webcam:/dev/video1"
 * → node-webcam (fswebcam) fallback; anything else is a video file path.
 */
export function parseSourceSpec(uri: string): SourceSpec {
  const text = uri.trim();
  if (!text) throw new UserError('source.uri is empty');
  if (/^\d+$/.test(text)) return { kind: 'device', device: Number(text) };
  if (/^\/dev\/video\d+$/.test(text)) return { kind: 'device', device: text };
  if (/^webcam:/.test(text)) return { kind: 'webcam', device: text.slice('webcam:'.length) || false };
  if (/^(rtsp|rtsps|rtmp|http|https):\/\//i.test(text)) return { kind: 'url', url: checkStreamUrl(text) };
  if (text.includes('!')) {
    if (!/appsink/.test(text)) throw new UserError('source.uri: a GStreamer pipeline must end in appsink');
    return { kind: 'gstreamer', pipeline: text };
  }
  return { kind: 'file', path: text };
}

/** A stream URL OpenCV can be asked to open; anything else fails at start instead of being retried forever. */
function checkStreamUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`source.uri: not a valid stream URL: ${maskCredentials(text)}`);
  }
  if (!url.hostname) throw new UserError(`source.uri: stream URL has no host: ${maskCredentials(text)}`);
  return text;
}

/** Short text for logs and the status page, without credentials in URLs. */
export function describeSource(spec: SourceSpec): string {
  switch (spec.kind) {
    case 'device':
      return typeof spec.device === 'number' ? `camera ${spec.device}` : spec.device;
    case 'file':
      return spec.path;
    case 'url':
      return maskCredentials(spec.url);
    case 'gstreamer':
      return `gstreamer: ${maskCredentials(spec.pipeline.split('!')[0]!.trim())} …`;
    case 'webcam':
      return `webcam ${spec.device || 'default'}`;
  }
}
