// Builds (or finds in the cache) the kube-validate binary ahead of the tests, so a fresh
// machine's one-time Go build shows up as its own CI step: `node deploy/validate/prebuild.ts`.
import { kubeValidateBinary } from './kube-validate.ts';

const started = Date.now();
const binary = kubeValidateBinary();
console.log(`kube-validate ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${binary}`);
