// onnxruntime sessions with an ordered execution-provider preference. Each provider is tried on its
// own; one that fails (a CPU-only build has no CUDA/TensorRT, a driver is missing) is logged once
// with its reason and skipped for the remaining sessions of the same factory.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { basename, isAbsolute, resolve } from 'node:path';
import type * as OrtNode from 'onnxruntime-node';
import { defaultModelNames, mediapipeModelNames } from '../convert/sources.js';
import { UserError, oneLine } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import type { ModelSession } from './backend.js';
import { OnnxRunner } from './onnx-runner.js';
import type { ExecutionProviderName, InferenceOptions } from './options.js';

export type OnnxRuntime = typeof OrtNode;
export type OrtSession = OrtNode.InferenceSession;

/** Environment variable naming a module to import instead of onnxruntime-node. */
export const RUNTIME_MODULE_ENV = 'GESTUREGATE_ONNXRUNTIME';

const loadedRuntimes = new Map<string, Promise<OnnxRuntime>>();

/**
 * Imports onnxruntime: `onnxruntime-node` unless a custom build is named (env GESTUREGATE_ONNXRUNTIME,
 * then the option). A relative path is taken from the current directory.
 */
export function loadOnnxRuntime(moduleName?: string): Promise<OnnxRuntime> {
  const name = process.env[RUNTIME_MODULE_ENV] || moduleName || 'onnxruntime-node';
  let pending = loadedRuntimes.get(name);
  if (!pending) {
    const specifier = name.startsWith('.') || isAbsolute(name) ? pathToFileURL(resolve(name)).href : name;
    pending = import(specifier).then(
      (mod: OnnxRuntime & { default?: OnnxRuntime }) => {
        const runtime = mod.InferenceSession ? mod : mod.default;
        if (!runtime?.InferenceSession) throw new UserError(`onnxruntime module ${name} exports no InferenceSession`);
        return runtime;
      },
      (error: unknown) => {
        throw new UserError(`cannot import onnxruntime module ${name}: ${oneLine(error)}`);
      },
    );
    loadedRuntimes.set(name, pending);
  }
  return pending;
}

export interface SessionOptions {
  providers: readonly ExecutionProviderName[];
  intraOpThreads: number;
  interOpThreads: number;
  /** Let idle pool threads spin-wait for work (onnxruntime's default; off is faster when cores are shared). */
  spinning?: boolean;
}

export class SessionFactory {
  /** Providers that failed once, with the reason, so later sessions skip them silently. */
  private readonly failed = new Map<ExecutionProviderName, string>();

  constructor(
    private readonly runtime: OnnxRuntime,
    private readonly options: SessionOptions,
    private readonly log: Logger,
  ) {}

  async create(modelPath: string): Promise<ModelSession> {
    const reasons: string[] = [];
    const { providers } = this.options;
    for (const [i, provider] of providers.entries()) {
      const known = this.failed.get(provider);
      if (known) {
        reasons.push(`${provider}: ${known}`);
        continue;
      }
      try {
        const session = await this.runtime.InferenceSession.create(modelPath, {
          executionProviders: [provider],
          graphOptimizationLevel: 'all',
          ...(this.options.intraOpThreads > 0 ? { intraOpNumThreads: this.options.intraOpThreads } : {}),
          ...(this.options.interOpThreads > 0 ? { interOpNumThreads: this.options.interOpThreads } : {}),
          // Idle pool threads spin-wait by default: on a busy machine that steals the cores the work needs.
          ...(this.options.spinning ? {} : { extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } } }),
        });
        return { runner: new OnnxRunner(this.runtime, session), provider, modelPath };
      } catch (error) {
        const reason = oneLine(error);
        // The CPU provider is always there: its failure is the model file's, not a reason to skip it for the next model.
        if (provider !== 'cpu') this.failed.set(provider, reason);
        reasons.push(`${provider}: ${reason}`);
        if (i < providers.length - 1) this.log.warn('execution provider unavailable, trying the next one', { provider, reason, model: modelPath });
      }
    }
    throw new UserError(`no execution provider could load ${modelPath} (${reasons.join('; ')})`);
  }
}

/** The runtime and a session factory as the `inference` options set them up (shared by every model of the pipeline). */
export async function createSessionFactory(options: Pick<InferenceOptions, 'runtimeModule' | 'providers' | 'threads'>, log: Logger): Promise<SessionFactory> {
  return new SessionFactory(
    await loadOnnxRuntime(options.runtimeModule),
    { providers: options.providers, intraOpThreads: options.threads.intraOp, interOpThreads: options.threads.interOp, spinning: options.threads.spinning },
    log,
  );
}

/** Throws a UserError for the first model file that is not there, naming the command that makes it. */
export function requireModelFiles(...paths: string[]): void {
  for (const path of paths) {
    if (existsSync(path)) continue;
    // Plain `convert` makes the default models only (not pose_landmark_heavy): name any other one.
    const name = basename(path, '.onnx');
    const among = (names: readonly string[]): boolean => names.includes(name);
    const convert = among(mediapipeModelNames) && !among(defaultModelNames) ? `gesturegate convert --model ${name}` : 'gesturegate convert';
    throw new UserError(`model not found: ${path} (run \`${convert}\` first, or set inference.modelDir)`);
  }
}
