import { loadConfig } from '@commerce-sync/service-kit';
import { InventoryConfig } from './config.ts';
import { startInventory } from './service.ts';

// Composition root: config first (a bad variable stops start-up naming it), then the service.
await startInventory(loadConfig(InventoryConfig));
