import { ObjectCache } from './cache.js';

const at = (rv: string, name = 'a') => ({ metadata: { name, resourceVersion: rv } });

describe('ObjectCache', () => {
  it('keeps the newest object when a write and its watch event race', () => {
    const c = new ObjectCache();
    c.wrote('k', at('5'));
    expect(c.observe('k', at('4'))).toBe(false);
    expect(c.get('k')?.metadata?.resourceVersion).toBe('5');
  });

  it('tells the echoes of its own writes from other changes', () => {
    const c = new ObjectCache();
    c.wrote('k', at('5'));
    c.wrote('k', at('7'));
    expect(c.observe('k', at('5'))).toBe(true);
    expect(c.observe('k', at('6'))).toBe(false);
    expect(c.observe('k', at('7'))).toBe(true);
    expect(c.observe('k', at('7'))).toBe(false);
  });

  it('forgets a key', () => {
    const c = new ObjectCache();
    c.wrote('k', at('5'));
    c.forget('k');
    expect(c.get('k')).toBeUndefined();
    expect(c.observe('k', at('5'))).toBe(false);
  });

  it('keeps objects without their managed fields', () => {
    const c = new ObjectCache();
    c.observe('k', { metadata: { name: 'a', resourceVersion: '1', managedFields: [{ manager: 'x' }] } });
    expect(c.get('k')?.metadata).toEqual({ name: 'a', resourceVersion: '1' });
  });

  it('says a key is absent only once listed, and not after forgetting it until the watch shows it again', () => {
    const c = new ObjectCache();
    expect(c.absent('k')).toBe(false);
    c.listed = true;
    expect(c.absent('k')).toBe(true);
    c.observe('k', at('1'));
    expect(c.absent('k')).toBe(false);
    c.forget('k');
    expect(c.absent('k')).toBe(false);
    c.observe('k', at('2'));
    c.drop('k');
    expect(c.absent('k')).toBe(true);
    c.listed = false;
    expect(c.absent('k')).toBe(false);
  });
});
