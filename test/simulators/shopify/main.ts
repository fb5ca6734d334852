import { cliArgs } from '@commerce-sync/service-kit/cli-args';
import { faultsFromEnv } from '../common/faults.ts';
import { listen } from '../common/listen.ts';
import { createShopifyApp } from './app.ts';
import { createInventoryPart } from './inventory/part.ts';
import { createOAuthPart } from './oauth/part.ts';
import { createStorefrontPart } from './storefront/part.ts';

cliArgs({
  usage: 'npm run sim:shopify',
  about: ['The Shopify simulator: Admin GraphQL (inventory) and a storefront that places orders.'],
  options: {},
  notes: [
    'environment: SIM_HOST (127.0.0.1), SIM_FAULTS (JSON) or SIM_FAULTS_FILE,',
    '  SIM_SHOPIFY_PORT (4001), SHOPIFY_SHOP_DOMAIN, SHOPIFY_ADMIN_TOKEN, SHOPIFY_WEBHOOK_SECRET, SIM_SHOPIFY_WEBHOOK_URL, SIM_SHOPIFY_CATALOG,',
    '  SHOPIFY_API_KEY, SHOPIFY_API_SECRET (the app merchants install through /admin/oauth)',
  ],
});

const env = process.env;
const shop = env.SHOPIFY_SHOP_DOMAIN ?? 'commerce-sync-demo.myshopify.com';
const { app, close } = createShopifyApp({
  accessTokens: { [shop]: env.SHOPIFY_ADMIN_TOKEN ?? 'shpat_dev_token' },
  faults: faultsFromEnv(env),
  parts: [
    createInventoryPart({ catalogPath: env.SIM_SHOPIFY_CATALOG }),
    createOAuthPart({
      apps: [
        {
          clientId: env.SHOPIFY_API_KEY ?? 'commerce_sync_dev_client_id',
          clientSecret: env.SHOPIFY_API_SECRET ?? 'commerce_sync_dev_client_secret',
        },
      ],
    }),
    createStorefrontPart({
      webhookUrl: env.SIM_SHOPIFY_WEBHOOK_URL ?? 'http://127.0.0.1:3001/webhooks/shopify',
      secret: env.SHOPIFY_WEBHOOK_SECRET ?? 'shopify_dev_webhook_secret',
    }),
  ],
});
await listen(app, { name: 'shopify simulator', port: Number(env.SIM_SHOPIFY_PORT ?? 4001), onClose: close });
