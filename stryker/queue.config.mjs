import { folderConfig } from './base.mjs';

export default folderConfig('queue', 'test/unit/queue');
