import { folderConfig } from './base.mjs';

export default folderConfig('sync', 'test', { vitestConfig: 'stryker/vitest.sync.config.ts' });
