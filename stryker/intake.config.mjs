import { folderConfig } from './base.mjs';

export default folderConfig('intake', 'test/unit/intake');
