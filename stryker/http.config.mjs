import { folderConfig } from './base.mjs';

export default folderConfig('http', 'test/unit/http');
