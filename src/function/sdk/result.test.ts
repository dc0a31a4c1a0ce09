import { ConditionStatus, type RunFunctionResponse, Severity, Target } from '../wire/types.js';
import { setCondition } from './condition.js';
import { fatal, normal, warning } from './result.js';

const empty = (): RunFunctionResponse => ({ results: [], conditions: [] });

describe('results', () => {
  it.each([
    {
      name: 'fatal targets the composite',
      add: (r: RunFunctionResponse) => fatal(r, 'boom'),
      expected: { severity: Severity.FATAL, message: 'boom', target: Target.COMPOSITE },
    },
    {
      name: 'fatal from an Error, with reason',
      add: (r: RunFunctionResponse) => fatal(r, new Error('bad')).withReason('BadThing'),
      expected: { severity: Severity.FATAL, message: 'bad', reason: 'BadThing', target: Target.COMPOSITE },
    },
    {
      name: 'warning for composite and claim',
      add: (r: RunFunctionResponse) => warning(r, 'slow').withReason('Slow').targetCompositeAndClaim(),
      expected: {
        severity: Severity.WARNING,
        message: 'slow',
        reason: 'Slow',
        target: Target.COMPOSITE_AND_CLAIM,
      },
    },
    {
      name: 'normal back to composite',
      add: (r: RunFunctionResponse) => normal(r, 'ok').targetCompositeAndClaim().targetComposite(),
      expected: { severity: Severity.NORMAL, message: 'ok', target: Target.COMPOSITE },
    },
  ])('$name', ({ add, expected }) => {
    const rsp = empty();
    add(rsp);
    expect(rsp.results).toEqual([expected]);
  });

  it('keeps results in order', () => {
    const rsp = empty();
    normal(rsp, 'a');
    warning(rsp, 'b');
    expect(rsp.results.map((r) => r.message)).toEqual(['a', 'b']);
  });
});

describe('setCondition', () => {
  it.each([
    {
      name: 'true on the composite',
      set: (r: RunFunctionResponse) => setCondition(r, 'DatabaseReady', 'True', 'Available'),
      expected: {
        type: 'DatabaseReady',
        status: ConditionStatus.TRUE,
        reason: 'Available',
        target: Target.COMPOSITE,
      },
    },
    {
      name: 'false with message on composite and claim',
      set: (r: RunFunctionResponse) =>
        setCondition(r, 'DatabaseReady', 'False', 'Creating')
          .withMessage('waiting for RDS')
          .targetCompositeAndClaim(),
      expected: {
        type: 'DatabaseReady',
        status: ConditionStatus.FALSE,
        reason: 'Creating',
        message: 'waiting for RDS',
        target: Target.COMPOSITE_AND_CLAIM,
      },
    },
    {
      name: 'unknown',
      set: (r: RunFunctionResponse) => setCondition(r, 'Quota', 'Unknown', 'NotChecked').targetComposite(),
      expected: {
        type: 'Quota',
        status: ConditionStatus.UNKNOWN,
        reason: 'NotChecked',
        target: Target.COMPOSITE,
      },
    },
  ])('$name', ({ set, expected }) => {
    const rsp = empty();
    set(rsp);
    expect(rsp.conditions).toEqual([expected]);
  });

  it('replaces a condition of the same type', () => {
    const rsp = empty();
    setCondition(rsp, 'A', 'False', 'One');
    setCondition(rsp, 'B', 'True', 'Two');
    setCondition(rsp, 'A', 'True', 'Three');
    expect(rsp.conditions.map((c) => `${c.type}=${c.reason}`)).toEqual(['B=Two', 'A=Three']);
  });
});
