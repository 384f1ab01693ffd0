import { describe, expect, it } from 'vitest';
import { createRedisGuard, RedisUnavailableError } from '../src/redis-guard';

function setup(opts: { isFailure?: (err: unknown) => boolean } = {}) {
  let clock = 1_000;
  let status = 'ready';
  const opened: unknown[] = [];
  const guard = createRedisGuard({
    status: () => status,
    timeoutMs: 20,
    openMs: 5_000,
    now: () => clock,
    onOpen: (err) => opened.push(err),
    ...opts,
  });
  return {
    guard,
    opened,
    advance: (ms: number) => (clock += ms),
    setStatus: (s: string) => (status = s),
  };
}

describe('createRedisGuard', () => {
  it('passes answers and errors of a ready connection through', async () => {
    const { guard } = setup();
    await expect(guard.run(async () => 'PONG')).resolves.toBe('PONG');
    expect(guard.isOpen()).toBe(false);
  });

  it('refuses at once, without calling, while the connection is not ready', async () => {
    const { guard, setStatus } = setup();
    setStatus('reconnecting');
    let called = false;
    await expect(
      guard.run(async () => {
        called = true;
      }),
    ).rejects.toThrow(/not connected \(reconnecting\)/);
    expect(called).toBe(false);
  });

  it('bounds a call that never answers, then refuses calls until openMs has passed', async () => {
    const { guard, opened, advance } = setup();
    const hung = guard.run(() => new Promise<never>(() => undefined));
    await expect(hung).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(hung).rejects.toThrow(/did not answer within 20 ms/);
    expect(opened).toHaveLength(1);
    expect(guard.isOpen()).toBe(true);

    let calls = 0;
    const call = async () => ++calls;
    await expect(guard.run(call)).rejects.toThrow(/failed recently/);
    expect(calls).toBe(0);

    advance(5_001);
    await expect(guard.run(call)).resolves.toBe(1);
    expect(guard.isOpen()).toBe(false);
  });

  it('opens on an error of the call, but not on a rejection isFailure says is an answer', async () => {
    class OverLimit {}
    const { guard } = setup({ isFailure: (err) => err instanceof Error });
    await expect(guard.run(() => Promise.reject(new OverLimit()))).rejects.toBeInstanceOf(OverLimit);
    expect(guard.isOpen()).toBe(false);
    await expect(guard.run(() => Promise.reject(new Error('Connection is closed.')))).rejects.toThrow('Connection is closed.');
    expect(guard.isOpen()).toBe(true);
  });
});
