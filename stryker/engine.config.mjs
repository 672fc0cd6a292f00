import { folderConfig } from './base.mjs';

export default folderConfig('engine', 'test/unit/engine', { ignoreStatic: true });
