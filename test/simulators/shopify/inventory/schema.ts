/**
 * The inventory subset of the Admin GraphQL schema, with Shopify's own type and field names
 * (https://shopify.dev/docs/api/admin-graphql/latest/mutations/inventoryMoveQuantities,
 * …/inventoryAdjustQuantities, …/objects/InventoryLevel). Only what the inventory service
 * and its tests use.
 */
export const inventoryTypeDefs = /* GraphQL */ `
  type PageInfo { hasNextPage: Boolean!, hasPreviousPage: Boolean!, startCursor: String, endCursor: String }

  type Location { id: ID!, name: String!, inventoryLevels(first: Int, after: String, query: String): InventoryLevelConnection! }
  type LocationConnection { nodes: [Location!]!, pageInfo: PageInfo! }

  type ProductVariant { id: ID!, sku: String, title: String!, price: String!, inventoryItem: InventoryItem! }
  type ProductVariantConnection { nodes: [ProductVariant!]!, pageInfo: PageInfo! }

  type InventoryItem {
    id: ID!
    sku: String
    tracked: Boolean!
    variant: ProductVariant!
    inventoryLevel(locationId: ID!): InventoryLevel
    inventoryLevels(first: Int, after: String): InventoryLevelConnection!
  }
  type InventoryItemConnection { nodes: [InventoryItem!]!, pageInfo: PageInfo! }

  type InventoryQuantity { id: ID!, name: String!, quantity: Int!, updatedAt: String }
  type InventoryLevel {
    id: ID!
    item: InventoryItem!
    location: Location!
    quantities(names: [String!]!): [InventoryQuantity!]!
    updatedAt: String!
  }
  type InventoryLevelConnection { nodes: [InventoryLevel!]!, pageInfo: PageInfo! }

  type InventoryChange {
    name: String!
    delta: Int!
    quantityAfterChange: Int
    ledgerDocumentUri: String
    item: InventoryItem
    location: Location
  }
  type InventoryAdjustmentGroup {
    id: ID!
    createdAt: String!
    reason: String!
    referenceDocumentUri: String
    changes: [InventoryChange!]!
  }

  input InventoryMoveQuantityTerminalInput { locationId: ID!, name: String!, ledgerDocumentUri: String, changeFromQuantity: Int }
  input InventoryMoveQuantityChange {
    inventoryItemId: ID!
    quantity: Int!
    from: InventoryMoveQuantityTerminalInput!
    to: InventoryMoveQuantityTerminalInput!
  }
  input InventoryMoveQuantitiesInput { reason: String!, referenceDocumentUri: String!, changes: [InventoryMoveQuantityChange!]! }
  type InventoryMoveQuantitiesUserError { field: [String!], message: String!, code: String }
  type InventoryMoveQuantitiesPayload {
    inventoryAdjustmentGroup: InventoryAdjustmentGroup
    userErrors: [InventoryMoveQuantitiesUserError!]!
  }

  input InventoryChangeInput {
    inventoryItemId: ID!
    locationId: ID!
    delta: Int!
    ledgerDocumentUri: String
    changeFromQuantity: Int
  }
  input InventoryAdjustQuantitiesInput { reason: String!, name: String!, referenceDocumentUri: String, changes: [InventoryChangeInput!]! }
  type InventoryAdjustQuantitiesUserError { field: [String!], message: String!, code: String }
  type InventoryAdjustQuantitiesPayload {
    inventoryAdjustmentGroup: InventoryAdjustmentGroup
    userErrors: [InventoryAdjustQuantitiesUserError!]!
  }

  extend type Query {
    location(id: ID!): Location
    locations(first: Int, after: String): LocationConnection!
    productVariants(first: Int, after: String, query: String): ProductVariantConnection!
    inventoryItems(first: Int, after: String, query: String): InventoryItemConnection!
    inventoryItem(id: ID!): InventoryItem
    inventoryLevel(id: ID!): InventoryLevel
  }
  extend type Mutation {
    inventoryMoveQuantities(input: InventoryMoveQuantitiesInput!): InventoryMoveQuantitiesPayload
    inventoryAdjustQuantities(input: InventoryAdjustQuantitiesInput!): InventoryAdjustQuantitiesPayload
  }
`;
