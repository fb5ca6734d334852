/**
 * The fulfillment slice of the Admin GraphQL API, with Shopify's names and shapes
 * (https://shopify.dev/docs/api/admin-graphql/latest/mutations/fulfillmentCreate,
 * …/fulfillmentEventCreate, …/objects/FulfillmentOrder). DateTime and URL are Strings here.
 */
export const storefrontTypeDefs = /* GraphQL */ `
  enum FulfillmentOrderStatus { OPEN IN_PROGRESS CLOSED CANCELLED INCOMPLETE ON_HOLD SCHEDULED }
  enum FulfillmentStatus { SUCCESS CANCELLED ERROR FAILURE OPEN PENDING }
  enum FulfillmentEventStatus {
    ATTEMPTED_DELIVERY CARRIER_PICKED_UP CONFIRMED DELAYED DELIVERED FAILURE IN_TRANSIT
    LABEL_PRINTED LABEL_PURCHASED OUT_FOR_DELIVERY PICKED_UP READY_FOR_PICKUP
  }

  type Order {
    id: ID!
    name: String!
    email: String
    cancelledAt: String
    displayFulfillmentStatus: String!
    fulfillmentOrders(first: Int, after: String): FulfillmentOrderConnection!
    fulfillments(first: Int): [Fulfillment!]!
  }
  type LineItem { id: ID!, sku: String, name: String!, quantity: Int! }
  type FulfillmentOrderLineItem { id: ID!, totalQuantity: Int!, remainingQuantity: Int!, lineItem: LineItem! }
  type FulfillmentOrderLineItemConnection { nodes: [FulfillmentOrderLineItem!]! }
  type FulfillmentOrder {
    id: ID!
    status: FulfillmentOrderStatus!
    orderId: ID!
    lineItems(first: Int): FulfillmentOrderLineItemConnection!
    fulfillments(first: Int): FulfillmentConnection!
  }
  type FulfillmentOrderEdge { node: FulfillmentOrder!, cursor: String! }
  type FulfillmentOrderConnection { nodes: [FulfillmentOrder!]!, edges: [FulfillmentOrderEdge!]! }
  type FulfillmentTrackingInfo { number: String, company: String, url: String }
  type FulfillmentEvent { id: ID!, status: FulfillmentEventStatus!, happenedAt: String!, message: String }
  type FulfillmentEventConnection { nodes: [FulfillmentEvent!]! }
  type Fulfillment {
    id: ID!
    status: FulfillmentStatus!
    createdAt: String!
    trackingInfo(first: Int): [FulfillmentTrackingInfo!]!
    events(first: Int): FulfillmentEventConnection!
  }
  type FulfillmentConnection { nodes: [Fulfillment!]! }

  input FulfillmentOrderLineItemInput { id: ID!, quantity: Int! }
  input FulfillmentOrderLineItemsInput {
    fulfillmentOrderId: ID!
    fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]
  }
  input FulfillmentTrackingInput { number: String, numbers: [String!], company: String, url: String, urls: [String!] }
  input FulfillmentInput {
    lineItemsByFulfillmentOrder: [FulfillmentOrderLineItemsInput!]!
    trackingInfo: FulfillmentTrackingInput
    notifyCustomer: Boolean
  }
  type FulfillmentCreatePayload { fulfillment: Fulfillment, userErrors: [UserError!]! }

  input FulfillmentEventInput {
    fulfillmentId: ID!
    status: FulfillmentEventStatus!
    happenedAt: String
    message: String
  }
  type FulfillmentEventCreatePayload { fulfillmentEvent: FulfillmentEvent, userErrors: [UserError!]! }

  extend type Query {
    order(id: ID!): Order
    fulfillmentOrder(id: ID!): FulfillmentOrder
    fulfillment(id: ID!): Fulfillment
  }
  extend type Mutation {
    fulfillmentCreate(fulfillment: FulfillmentInput!, message: String): FulfillmentCreatePayload
    fulfillmentEventCreate(fulfillmentEvent: FulfillmentEventInput!): FulfillmentEventCreatePayload
  }
`;
