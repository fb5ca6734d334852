// The Admin GraphQL operations the inventory service sends, by their real Shopify names
// (https://shopify.dev/docs/api/admin-graphql/latest). The simulator's fidelity tests and
// this adapter's integration test run exactly these.

export const ITEM_BY_SKU = /* GraphQL */ `
  query InventoryItemBySku($query: String!) {
    inventoryItems(first: 1, query: $query) { nodes { id sku } }
  }
`;

export const LEVEL_QUANTITIES = /* GraphQL */ `
  query LevelQuantities($id: ID!, $locationId: ID!) {
    inventoryItem(id: $id) {
      inventoryLevel(locationId: $locationId) {
        quantities(names: ["available", "reserved", "committed", "on_hand"]) { name quantity }
      }
    }
  }
`;

export const LOCATION_LEVELS = /* GraphQL */ `
  query LocationLevels($locationId: ID!, $first: Int!, $after: String) {
    location(id: $locationId) {
      inventoryLevels(first: $first, after: $after) {
        nodes {
          item { id sku }
          quantities(names: ["available", "reserved", "committed", "on_hand"]) { name quantity }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

const GROUP =
  'inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } } userErrors { field message code }';

export const MOVE_QUANTITIES = /* GraphQL */ `
  mutation MoveQuantities($input: InventoryMoveQuantitiesInput!, $key: String!) {
    inventoryMoveQuantities(input: $input) @idempotent(key: $key) { ${GROUP} }
  }
`;

export const ADJUST_QUANTITIES = /* GraphQL */ `
  mutation AdjustQuantities($input: InventoryAdjustQuantitiesInput!, $key: String!) {
    inventoryAdjustQuantities(input: $input) @idempotent(key: $key) { ${GROUP} }
  }
`;
