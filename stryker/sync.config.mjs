import { folderConfig } from './base.mjs';

export default folderConfig('sync', 'test', 'stryker/vitest.sync.config.ts');
