import { describe, expect, it } from '@jest/globals';
import { servedEntries } from './followed-bindings.js';

describe('servedEntries', () => {
  it('keeps the bound and published resources that name their schema and XRD', () => {
    const entry = (o: object) => JSON.stringify(o);
    expect(
      servedEntries({
        'a.x': entry({ state: 'published', schema: 's1', xrd: 'a.x' }),
        'b.x': entry({ state: 'bound', schema: 's2', xrd: 'b.x' }),
        'c.x': entry({ state: 'refused', schema: 's3', xrd: 'c.x' }),
        'd.x': entry({ state: 'pending', xrd: 'd.x' }),
        'e.x': entry({ state: 'bound', xrd: 'e.x' }),
        'f.x': 'not json',
      }),
    ).toEqual([
      { schema: 's1', xrd: 'a.x' },
      { schema: 's2', xrd: 'b.x' },
    ]);
    expect(servedEntries(undefined)).toEqual([]);
  });
});
