import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { traceCell } from './order-page.ts';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('trace ids on an order page', () => {
  it('when a trace UI is configured, then a trace id links to its trace', () => {
    assert.equal(
      traceCell(ID, 'http://127.0.0.1:16686/trace/{traceId}').value,
      `<a href="http://127.0.0.1:16686/trace/${ID}" title="open the trace"><code>${ID}</code></a>`,
    );
  });

  it('when none is configured, or the id is not a W3C trace id, then it is shown as text only', () => {
    assert.equal(traceCell(ID, '').value, `<code>${ID}</code>`);
    const odd = '"><script>x</script>';
    assert.equal(
      traceCell(odd, 'http://t/{traceId}').value,
      '<code>&quot;&gt;&lt;script&gt;x&lt;/script&gt;</code>',
    );
  });
});
