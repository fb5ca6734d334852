import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskEmail, redactBody } from './mask.ts';

describe('masking personal data', () => {
  it('when an email is listed, then only its first letter and domain show', () => {
    assert.equal(maskEmail('ada.lovelace@example.com'), 'a•••@example.com');
    assert.equal(maskEmail('nonsense'), '•••');
  });
  it('when a dead letter body holds a customer, then name, email and address are censored', () => {
    const body = JSON.stringify({
      orderId: 'o1',
      customer: { email: 'ada@example.com', name: 'Ada' },
      note: 'mail ada@example.com',
    });
    const shown = redactBody(body);
    assert.ok(shown.includes('o1'));
    assert.ok(!shown.includes('ada@example.com'), shown);
    assert.ok(!shown.includes('"Ada"'), shown);
  });
  it('when a body is not JSON, then only its size is shown', () => {
    assert.equal(redactBody('ada@example.com raw'), '(19 bytes, not JSON: hidden)');
  });
});
