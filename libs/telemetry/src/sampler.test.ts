import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { samplerFromEnv } from './sampler.ts';

describe('sampler from the environment', () => {
  it('when nothing is set, then spans follow their parent and roots are sampled', () => {
    assert.match(samplerFromEnv({}).toString(), /ParentBased\{root=AlwaysOnSampler/);
  });

  it('when a parent-based ratio is set, then roots are sampled at that ratio', () => {
    const sampler = samplerFromEnv({
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    assert.match(sampler.toString(), /ParentBased\{root=TraceIdRatioBased\{0\.25\}/);
  });

  it('when the ratio is not a number in [0, 1], then everything is sampled', () => {
    const sampler = samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'lots' });
    assert.equal(sampler.toString(), 'TraceIdRatioBased{1}');
  });
});
