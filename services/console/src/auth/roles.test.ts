import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rolesFrom } from './roles.ts';

const m = { claim: 'groups', viewer: 'ops-read', operator: 'ops-write' };

describe('roles from the provider claim', () => {
  it('when the claim names the operator value, then the person is viewer and operator', () => {
    assert.deepEqual(rolesFrom({ groups: ['x', 'ops-write'] }, m), ['viewer', 'operator']);
  });
  it('when the claim is a space-separated string with the viewer value, then viewer only', () => {
    assert.deepEqual(rolesFrom({ groups: 'a ops-read' }, m), ['viewer']);
  });
  it('when the claim is missing or names neither, then no role', () => {
    assert.deepEqual(rolesFrom({}, m), []);
    assert.deepEqual(rolesFrom({ groups: ['operator'] }, m), []);
  });
});
