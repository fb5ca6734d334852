import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createAdminApiClient } from '@shopify/admin-api-client';
import { listen } from '../../common/listen.ts';
import { createShopifyApp } from '../app.ts';
import { CENTRAL_LOCATION_ID } from '../catalog.ts';
import { createStorefrontPart } from '../storefront/part.ts';
import { createInventoryPart } from './part.ts';
import type { QueryCost } from '../query-cost.ts';

const SHOP = 'fidelity-test.myshopify.com';
const TOKEN = 'shpat_fidelity';
let server: Server;
let base: string;

// The client always builds https://<storeDomain>/admin/api/…; customFetchApi sends the same
// request to the simulator's base URL instead (what SHOPIFY_API_URL does in the service).
function client() {
  return createAdminApiClient({
    storeDomain: SHOP,
    apiVersion: '2026-07',
    accessToken: TOKEN,
    customFetchApi: (url, init) => fetch(String(url).replace(`https://${SHOP}`, base), init),
  });
}
// biome-ignore lint/suspicious/noExplicitAny: control-plane JSON is inspected loosely in assertions
const sim = (path: string, init?: RequestInit): Promise<any> =>
  fetch(`${base}/__sim${path}`, init).then((r) => r.json());
const costOf = (r: { extensions?: Record<string, unknown> }) => r.extensions?.cost as QueryCost;
const put = (path: string, body: unknown) =>
  sim(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const ITEM = `query Item($q: String!, $loc: ID!) {
  inventoryItems(first: 1, query: $q) { nodes { id sku inventoryLevel(locationId: $loc) {
    quantities(names: ["available", "reserved", "committed", "on_hand"]) { name quantity } } } }
}`;
const MOVE = `mutation Move($input: InventoryMoveQuantitiesInput!, $key: String!) {
  inventoryMoveQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id reason referenceDocumentUri changes { name delta quantityAfterChange ledgerDocumentUri } }
    userErrors { field message code }
  }
}`;
const ADJUST = `mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
    userErrors { field message code }
  }
}`;

async function quantities(sku: string) {
  const { data, errors } = await client().request(ITEM, {
    variables: { q: `sku:${sku}`, loc: CENTRAL_LOCATION_ID },
  });
  assert.equal(errors, undefined);
  const node = data.inventoryItems.nodes[0];
  const q = Object.fromEntries(
    node.inventoryLevel.quantities.map((x: { name: string; quantity: number }) => [x.name, x.quantity]),
  );
  return { id: node.id as string, ...q } as {
    id: string;
    available: number;
    reserved: number;
    committed: number;
    on_hand: number;
  };
}

function reserveInput(
  itemId: string,
  quantity: number,
  order: string,
  changeFromQuantity: number | null = null,
) {
  return {
    reason: 'reservation_created',
    referenceDocumentUri: `gid://commerce-sync/Order/${order}`,
    changes: [
      {
        inventoryItemId: itemId,
        quantity,
        from: { locationId: CENTRAL_LOCATION_ID, name: 'available', changeFromQuantity },
        to: {
          locationId: CENTRAL_LOCATION_ID,
          name: 'reserved',
          ledgerDocumentUri: `gid://commerce-sync/Order/${order}`,
        },
      },
    ],
  };
}

describe('Shopify inventory simulator through @shopify/admin-api-client', () => {
  before(async () => {
    const { app } = createShopifyApp({
      accessTokens: { [SHOP]: TOKEN },
      parts: [createInventoryPart(), createStorefrontPart()],
    });
    ({ server, url: base } = await listen(app, { name: 'shopify-sim-test', port: 0 }));
  });
  after(() => server.close());
  beforeEach(() => sim('/reset', { method: 'POST' }));

  it('when a SKU is looked up by variant and by inventory item, then both give the same inventory item', async () => {
    const { data } = await client().request(
      `{ productVariants(first: 1, query: "sku:TEE-M") { nodes { sku inventoryItem { id } } }
         inventoryItems(first: 1, query: "sku:TEE-M") { nodes { id sku } } }`,
    );
    assert.equal(data.productVariants.nodes[0].inventoryItem.id, data.inventoryItems.nodes[0].id);
    assert.equal(data.inventoryItems.nodes[0].sku, 'TEE-M');
  });

  it('when quantities are read, then on_hand is available + reserved + committed', async () => {
    const q = await quantities('TEE-M');
    assert.deepEqual(
      { available: q.available, reserved: q.reserved, committed: q.committed, on_hand: q.on_hand },
      {
        available: 150,
        reserved: 0,
        committed: 0,
        on_hand: 150,
      },
    );
  });

  it('when available moves to reserved, then the group lists both changes and on_hand stays', async () => {
    const { id } = await quantities('HOODIE-L');
    const { data } = await client().request(MOVE, {
      variables: { input: reserveInput(id, 2, 'A1', 3), key: 'k-move-1' },
    });
    const res = data.inventoryMoveQuantities;
    assert.deepEqual(res.userErrors, []);
    assert.deepEqual(
      res.inventoryAdjustmentGroup.changes.map((c: { name: string; delta: number }) => [c.name, c.delta]),
      [
        ['available', -2],
        ['reserved', 2],
      ],
    );
    const q = await quantities('HOODIE-L');
    assert.deepEqual([q.available, q.reserved, q.on_hand], [1, 2, 3]);
  });

  it('when a move would take available below zero, then INVALID_QUANTITY_NEGATIVE and nothing moves', async () => {
    const { id } = await quantities('MUG-BLK');
    const { data } = await client().request(MOVE, {
      variables: { input: reserveInput(id, 3, 'A2'), key: 'k-neg' },
    });
    assert.equal(data.inventoryMoveQuantities.userErrors[0].code, 'INVALID_QUANTITY_NEGATIVE');
    assert.equal(data.inventoryMoveQuantities.inventoryAdjustmentGroup, null);
    assert.equal((await quantities('MUG-BLK')).available, 2);
  });

  it('when changeFromQuantity is stale, then CHANGE_FROM_QUANTITY_STALE and nothing moves', async () => {
    const { id } = await quantities('TEE-L');
    const { data } = await client().request(MOVE, {
      variables: { input: reserveInput(id, 1, 'A3', 89), key: 'k-stale' },
    });
    assert.equal(data.inventoryMoveQuantities.userErrors[0].code, 'CHANGE_FROM_QUANTITY_STALE');
    assert.deepEqual(data.inventoryMoveQuantities.userErrors[0].field, [
      'input',
      'changes',
      '0',
      'from',
      'changeFromQuantity',
    ]);
    assert.equal((await quantities('TEE-L')).available, 90);
  });

  it('when the same idempotency key is sent twice, then the move is applied once and the same group comes back', async () => {
    const { id } = await quantities('TEE-S');
    const vars = { input: reserveInput(id, 5, 'A4'), key: 'k-twice' };
    const first = await client().request(MOVE, { variables: vars });
    const second = await client().request(MOVE, { variables: vars });
    assert.equal(
      second.data.inventoryMoveQuantities.inventoryAdjustmentGroup.id,
      first.data.inventoryMoveQuantities.inventoryAdjustmentGroup.id,
    );
    assert.equal((await quantities('TEE-S')).reserved, 5);
  });

  it('when a key is reused with other parameters, then IDEMPOTENCY_KEY_PARAMETER_MISMATCH', async () => {
    const { id } = await quantities('TEE-S');
    await client().request(MOVE, { variables: { input: reserveInput(id, 1, 'A5'), key: 'k-mismatch' } });
    const { data } = await client().request(MOVE, {
      variables: { input: reserveInput(id, 2, 'A5'), key: 'k-mismatch' },
    });
    assert.equal(data.inventoryMoveQuantities.userErrors[0].code, 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH');
  });

  it('when ledger documents break Shopify rules, then the matching user error codes come back', async () => {
    const { id } = await quantities('TEE-S');
    const internal = reserveInput(id, 1, 'A6');
    for (const c of internal.changes) c.to.ledgerDocumentUri = 'gid://shopify/Order/1';
    const r1 = await client().request(MOVE, { variables: { input: internal, key: 'k-doc-1' } });
    assert.equal(r1.data.inventoryMoveQuantities.userErrors[0].code, 'INTERNAL_LEDGER_DOCUMENT');
    const missing = reserveInput(id, 1, 'A6');
    const [change] = missing.changes;
    if (change) change.to = { locationId: CENTRAL_LOCATION_ID, name: 'reserved' } as typeof change.to;
    const r2 = await client().request(MOVE, { variables: { input: missing, key: 'k-doc-2' } });
    assert.equal(r2.data.inventoryMoveQuantities.userErrors[0].code, 'INVALID_QUANTITY_DOCUMENT');
  });

  it('when reserved is adjusted down with a fresh changeFromQuantity, then on_hand drops; a stale one is refused', async () => {
    const { id } = await quantities('JACKET-M');
    await client().request(MOVE, { variables: { input: reserveInput(id, 2, 'A7'), key: 'k-adj-move' } });
    const input = (changeFromQuantity: number) => ({
      reason: 'correction',
      name: 'reserved',
      referenceDocumentUri: 'gid://commerce-sync/Order/A7',
      changes: [
        {
          inventoryItemId: id,
          locationId: CENTRAL_LOCATION_ID,
          delta: -2,
          changeFromQuantity,
          ledgerDocumentUri: 'gid://commerce-sync/Order/A7',
        },
      ],
    });
    const stale = await client().request(ADJUST, { variables: { input: input(5), key: 'k-adj-stale' } });
    assert.equal(stale.data.inventoryAdjustQuantities.userErrors[0].code, 'CHANGE_FROM_QUANTITY_STALE');
    const ok = await client().request(ADJUST, { variables: { input: input(2), key: 'k-adj-ok' } });
    assert.deepEqual(ok.data.inventoryAdjustQuantities.userErrors, []);
    const q = await quantities('JACKET-M');
    assert.deepEqual([q.available, q.reserved, q.on_hand], [23, 0, 23]);
  });

  it('when inventory levels of a location are paged, then every catalog level comes back once', async () => {
    const skus: string[] = [];
    let after: string | null = null;
    do {
      type Page = {
        nodes: { item: { sku: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      const res: { data?: { location: { inventoryLevels: Page } } } = await client().request(
        `query Levels($loc: ID!, $after: String) { location(id: $loc) { inventoryLevels(first: 7, after: $after) {
           nodes { item { sku } quantities(names: ["available"]) { quantity } } pageInfo { hasNextPage endCursor } } } }`,
        { variables: { loc: CENTRAL_LOCATION_ID, after } },
      );
      const page = res.data?.location.inventoryLevels as Page;
      skus.push(...page.nodes.map((n) => n.item.sku));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    assert.equal(skus.length, 20);
    assert.equal(new Set(skus).size, 20);
  });

  it('when a query runs, then extensions.cost reports the bucket; when it is empty, then THROTTLED', async () => {
    const ok = await client().request(ITEM, { variables: { q: 'sku:TEE-M', loc: CENTRAL_LOCATION_ID } });
    assert.equal(costOf(ok).throttleStatus.maximumAvailable, 2000);
    assert.ok(costOf(ok).requestedQueryCost > 0);
    await put('/throttle', { maximumAvailable: 10, restoreRate: 1, currentlyAvailable: 0 });
    const throttled = await client().request(ITEM, {
      variables: { q: 'sku:TEE-M', loc: CENTRAL_LOCATION_ID },
    });
    assert.equal(throttled.errors?.graphQLErrors?.[0]?.extensions?.code, 'THROTTLED');
    assert.equal(costOf(throttled).actualQueryCost, null);
  });

  it('when the control plane sets a SKU out of stock, then the API and the ledger show it', async () => {
    await put('/inventory/levels/TEE-M', { available: 0 });
    assert.equal((await quantities('TEE-M')).available, 0);
    const ledger = await sim('/inventory/ledger?sku=TEE-M');
    assert.equal(ledger.at(-1).delta, -150);
    const [level] = await sim('/inventory/levels/TEE-M');
    assert.equal(level.available, 0);
  });

  it('when the access token is wrong, then 401 as Shopify answers it', async () => {
    const bad = createAdminApiClient({
      storeDomain: SHOP,
      apiVersion: '2026-07',
      accessToken: 'shpat_wrong',
      customFetchApi: (url, init) => fetch(String(url).replace(`https://${SHOP}`, base), init),
    });
    const res = await bad.request(ITEM, { variables: { q: 'sku:TEE-M', loc: CENTRAL_LOCATION_ID } });
    assert.equal(res.errors?.networkStatusCode, 401);
  });
});
