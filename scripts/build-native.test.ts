import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { findNodeDir } from './build-native.ts';

test('findNodeDir: the prefix two levels above node when it holds include/node/node_api.h, else null', () => {
  const seen: string[] = [];
  const only = (present: string) => (file: string) => (seen.push(file), file === present);
  assert.equal(findNodeDir('/usr/bin/node', only(path.join('/usr', 'include', 'node', 'node_api.h'))), '/usr');
  assert.equal(findNodeDir('/opt/node-20/bin/node', only('/usr/include/node/node_api.h')), null);
  assert.deepEqual(seen, ['/usr/include/node/node_api.h', '/opt/node-20/include/node/node_api.h']);
});
