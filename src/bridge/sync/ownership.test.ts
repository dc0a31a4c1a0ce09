import { describe, expect, it } from '@jest/globals';
import { fieldManager } from '../refs.js';
import { appliedOwnership, mergedFields } from './ownership.js';

const created = {
  manager: fieldManager,
  operation: 'Update',
  apiVersion: 'example.org/v1',
  fieldsType: 'FieldsV1',
  fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:tier': {} } }, 'f:spec': { 'f:owner': {} } },
};
const crossplane = {
  manager: 'apiextensions.crossplane.io/composite',
  operation: 'Apply',
  subresource: 'status',
  fieldsV1: { 'f:status': { 'f:conditions': {} } },
};

describe('appliedOwnership', () => {
  it('turns the Update entry of a copy kxp created into its Apply entry, leaving others alone', () => {
    expect(appliedOwnership([created, crossplane])).toEqual([crossplane, { ...created, operation: 'Apply' }]);
  });

  it('folds the Update entry into an Apply entry kxp already has', () => {
    const applied = { ...created, operation: 'Apply', fieldsV1: { 'f:spec': { 'f:settings': {} } } };
    expect(appliedOwnership([applied, created])).toEqual([
      {
        ...applied,
        fieldsV1: {
          'f:spec': { 'f:settings': {}, 'f:owner': {} },
          'f:metadata': { 'f:labels': { '.': {}, 'f:tier': {} } },
        },
      },
    ]);
  });

  it('returns undefined when kxp owns nothing by Update', () => {
    expect(appliedOwnership([crossplane, { ...created, operation: 'Apply' }])).toBeUndefined();
    expect(appliedOwnership([{ ...created, subresource: 'status' }])).toBeUndefined();
  });
});

describe('mergedFields', () => {
  it('unions nested field sets', () => {
    expect(mergedFields({ 'f:a': { 'f:b': {} } }, { 'f:a': { 'f:c': {} }, 'f:d': {} })).toEqual({
      'f:a': { 'f:b': {}, 'f:c': {} },
      'f:d': {},
    });
  });
});
