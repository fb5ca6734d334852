import EasyPostModule from '@easypost/api';

/**
 * The official client's class. Its typings describe a CommonJS module (class under
 * `.default`), while Node loads the ESM build whose default export is the class itself.
 */
export const EasyPostClient = ((EasyPostModule as unknown as { default?: unknown }).default ??
  EasyPostModule) as unknown as typeof EasyPostModule.default;
export type EasyPostClient = InstanceType<typeof EasyPostClient>;
