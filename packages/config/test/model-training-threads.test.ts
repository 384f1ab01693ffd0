import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src';

describe('MODEL_TRAINING_THREADS (decision 0038)', () => {
  it('unset: two threads, or one on a one-core machine', () => {
    expect(loadConfig({}).modelTrainingThreads).toBe(Math.min(2, availableParallelism()));
  });

  it('set: that many; 0 and 1 mean in the worker process', () => {
    expect(loadConfig({ MODEL_TRAINING_THREADS: '4' }).modelTrainingThreads).toBe(4);
    expect(loadConfig({ MODEL_TRAINING_THREADS: '0' }).modelTrainingThreads).toBe(0);
    expect(loadConfig({ MODEL_TRAINING_THREADS: '1' }).modelTrainingThreads).toBe(1);
  });

  it('not a whole number from 0 to 64: a readable config error', () => {
    for (const bad of ['two', '-1', '1.5', '65']) {
      expect(() => loadConfig({ MODEL_TRAINING_THREADS: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ MODEL_TRAINING_THREADS: bad }), bad).toThrow(/MODEL_TRAINING_THREADS/);
    }
  });
});
