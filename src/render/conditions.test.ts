import type { JsonObject } from '../function/wire/types.js';
import {
  available,
  creating,
  getConditions,
  setConditions,
  stampConditions,
  withObservedGeneration,
} from './conditions.js';

describe('setConditions', () => {
  it('replaces a condition of the same type in place, appends new types, and keeps equal ones as they were', () => {
    const xr: JsonObject = {
      status: {
        conditions: [
          { type: 'Responsive', status: 'True', reason: 'WatchCircuitClosed', lastTransitionTime: 'then' },
          { type: 'Ready', status: 'False', reason: 'Creating', lastTransitionTime: 'then' },
        ],
        other: 1,
      },
    };
    setConditions(
      xr,
      { type: 'Responsive', status: 'True', reason: 'WatchCircuitClosed', lastTransitionTime: 'now' },
      available(),
      { type: 'Custom', status: 'Unknown', reason: 'Why', message: 'because', lastTransitionTime: 'now' },
    );
    expect(getConditions(xr).map((c) => [c.type, c.reason, c.lastTransitionTime === 'then'])).toEqual([
      ['Responsive', 'WatchCircuitClosed', true],
      ['Ready', 'Available', false],
      ['Custom', 'Why', false],
    ]);
    expect((xr.status as JsonObject).other).toBe(1);
  });

  it("stamps Crossplane's own conditions with the XR's generation", () => {
    const [c] = withObservedGeneration({ metadata: { generation: 3 } }, creating('Unready resources: a'));
    expect(c).toMatchObject({ type: 'Ready', status: 'False', reason: 'Creating', observedGeneration: 3 });
    expect(withObservedGeneration({}, creating())[0]).not.toHaveProperty('observedGeneration');
  });

  it('stamps every condition with the time crossplane render prints', () => {
    const obj: JsonObject = {};
    setConditions(obj, available());
    stampConditions(obj);
    expect(getConditions(obj)[0]?.lastTransitionTime).toBe('2024-01-01T00:00:00Z');
  });
});
