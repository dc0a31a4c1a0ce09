import { describe, expect, it } from '@jest/globals';
import { KeyLock } from './keylock.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyLock', () => {
  it('runs work under one key one at a time, in order', async () => {
    const lock = new KeyLock();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([lock.run('a', job('1')), lock.run('a', job('2'))]);
    expect(results).toEqual(['1', '2']);
    expect(log).toEqual(['1 start', '1 end', '2 start', '2 end']);
  });

  it('lets work under different keys overlap', async () => {
    const lock = new KeyLock();
    let running = 0;
    let most = 0;
    const job = async () => {
      most = Math.max(most, ++running);
      await tick();
      running--;
    };
    await Promise.all([lock.run('a', job), lock.run('b', job)]);
    expect(most).toBe(2);
  });

  it('goes on after a failure, passes the error to its caller and forgets idle keys', async () => {
    const lock = new KeyLock();
    const failed = lock.run('a', async () => {
      throw new Error('boom');
    });
    const next = lock.run('a', async () => 'after');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('after');
    await tick();
    expect(lock.size).toBe(0);
  });
});
