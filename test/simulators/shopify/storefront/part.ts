import { createFaultInjector, type FaultInjector } from '../../common/faults.ts';
import { catalogEntries, loadCatalog } from '../catalog.ts';
import type { ShopifySimPart } from '../part.ts';
import { stats, storefrontControlPlane } from './control-plane.ts';
import type { GenerateOptions } from './generator.ts';
import { createRootResolvers } from './resolvers.ts';
import { storefrontTypeDefs } from './schema.ts';
import { createStorefrontStore } from './store.ts';
import { createStorefront } from './storefront.ts';
import { createStorefrontWebhooks } from './webhooks.ts';

export interface StorefrontPartOptions {
  /** Where order webhooks go (SIM_SHOPIFY_WEBHOOK_URL); changeable via PUT /__sim/storefront/config. */
  webhookUrl?: string;
  /** The app's webhook secret (SHOPIFY_WEBHOOK_SECRET). */
  secret?: string;
  /** X-Shopify-Shop-Domain of the deliveries. */
  shop?: string;
  apiVersion?: string;
  catalogPath?: string;
  /** Shared with the app so /__sim/faults webhook faults apply; own injector otherwise. */
  faults?: FaultInjector;
  retryDelaysMs?: number[];
}

/** Storefront orders, their webhooks, the order generator, and the fulfillment API. */
export function createStorefrontPart(opts: StorefrontPartOptions = {}) {
  let webhookUrl = opts.webhookUrl;
  let current = opts.faults ?? createFaultInjector();
  // The sender reads faults at send time; this view follows whichever injector is current.
  const faults: FaultInjector = {
    get config() {
      return current.config;
    },
    middleware: () => current.middleware(),
    router: () => current.router(),
    set: (c) => current.set(c),
    random: () => current.random(),
  };
  const store = createStorefrontStore();
  const webhooks = createStorefrontWebhooks({
    url: () => webhookUrl,
    secret: opts.secret ?? 'shopify_dev_webhook_secret',
    shop: opts.shop ?? process.env.SHOPIFY_SHOP_DOMAIN ?? 'commerce-sync-demo.myshopify.com',
    apiVersion: opts.apiVersion ?? process.env.SHOPIFY_API_VERSION ?? '2026-10',
    faults,
    ...(opts.retryDelaysMs ? { retryDelaysMs: opts.retryDelaysMs } : {}),
  });
  const entries = catalogEntries(loadCatalog(opts.catalogPath));
  const storefront = createStorefront({ store, webhooks, entries });
  const setWebhookUrl = (url: string) => {
    webhookUrl = url;
  };

  const part: ShopifySimPart = {
    name: 'storefront',
    typeDefs: storefrontTypeDefs,
    root: createRootResolvers(store),
    simRouter: storefrontControlPlane({ store, storefront, webhooks, setWebhookUrl }),
    reset() {
      storefront.reset();
      store.reset();
    },
    state: () => stats(store, webhooks, storefront),
    useFaults(injector) {
      current = injector;
    },
    async close() {
      storefront.generator()?.stop();
    },
  };
  return Object.assign(part, {
    /** In-process access for tests, the bench and the soak. */
    storefront: {
      placeOrder: storefront.placeOrder,
      cancelOrder: storefront.cancelOrder,
      generate: (o: GenerateOptions) => storefront.generate(o),
      setWebhookUrl,
      store,
      webhooks,
    },
  });
}
