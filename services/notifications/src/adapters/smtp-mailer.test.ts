import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifySmtpError } from './smtp-mailer.ts';

describe('classifySmtpError', () => {
  it('when the server answers 5xx for the mailbox or content, then the failure is final', () => {
    assert.equal(classifySmtpError({ code: 'EENVELOPE', responseCode: 550 }), 'rejected');
    assert.equal(classifySmtpError({ code: 'EMESSAGE', responseCode: 554 }), 'rejected');
    assert.equal(classifySmtpError({ code: 'EENVELOPE' }), 'rejected');
  });

  it('when the server is unreachable, slow, greylisting (4xx) or refuses our credentials, then it is retried', () => {
    assert.equal(classifySmtpError({ code: 'ECONNECTION' }), 'deferred');
    assert.equal(classifySmtpError({ code: 'ETIMEDOUT' }), 'deferred');
    assert.equal(classifySmtpError({ code: 'EENVELOPE', responseCode: 451 }), 'deferred');
    assert.equal(classifySmtpError({ code: 'EAUTH', responseCode: 535 }), 'deferred');
  });
});
