import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { emptyView } from '../domain/tracking-view.ts';
import { createViewWatcher, type VersionedView } from './view-watcher.ts';

function fakeSource() {
  const versions = new Map<string, number>();
  let queries = 0;
  return {
    versions,
    get queries() {
      return queries;
    },
    source: {
      async versions(ids: string[]) {
        queries++;
        return new Map(ids.filter((id) => versions.has(id)).map((id) => [id, versions.get(id) ?? 0]));
      },
      async load(ids: string[]) {
        return new Map(
          ids.map((id) => [
            id,
            { version: versions.get(id) ?? 0, view: emptyView(id, '2026-01-01T00:00:00Z') },
          ]),
        );
      },
    },
  };
}

describe('view watcher', () => {
  it('when a watched order changes, then each subscriber gets the new version once and others nothing', async () => {
    const f = fakeSource();
    f.versions.set('a', 1).set('b', 1);
    const watcher = createViewWatcher(f.source, { intervalMs: 10_000 });
    const got: string[] = [];
    const stopA = watcher.subscribe('a', 1, (v: VersionedView) => got.push(`a1:${v.version}`));
    watcher.subscribe('a', 1, (v: VersionedView) => got.push(`a2:${v.version}`));
    watcher.subscribe('b', 1, (v: VersionedView) => got.push(`b:${v.version}`));
    f.versions.set('a', 2);
    watcher.nudge();
    await waitFor(() => got.length === 2, { what: 'two pushes' });
    watcher.nudge();
    await waitFor(() => f.queries >= 2, { what: 'a second poll' });
    assert.deepEqual(got.sort(), ['a1:2', 'a2:2']);
    stopA();
    assert.equal(watcher.watching, 2);
    watcher.stop();
    assert.equal(watcher.watching, 0);
  });

  it('when nobody watches, then nudges do not query the database', async () => {
    const f = fakeSource();
    const watcher = createViewWatcher(f.source, { intervalMs: 10 });
    watcher.nudge();
    const unsubscribe = watcher.subscribe('a', 0, () => {});
    unsubscribe();
    watcher.nudge();
    assert.equal(f.queries, 0);
    watcher.stop();
  });
});
