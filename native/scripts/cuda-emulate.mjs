// Rewrites the CUDA sources into plain C++ that the emulated runtime (native/cuda/emulation/cuda_runtime.h) runs on
// CPU threads: kernel launches become emu::launch calls, __shared__ variables become statics (blocks run one at a
// time), extern dynamic shared memory points at the emulator's buffer, and the cp.async PTX becomes an immediate
// copy. The kernels' arithmetic and indexing are left exactly as written.
// Usage: node native/scripts/cuda-emulate.mjs OUTPUT_DIR
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cudaDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'cuda');
const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node native/scripts/cuda-emulate.mjs OUTPUT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const read = (name) => readFileSync(join(cudaDir, name), 'utf8');
function expect(text, pattern, what) {
  if (!pattern.test(text)) throw new Error(`cuda-emulate: ${what} not found; update the rewrite rules`);
}

for (const name of ['kernels.cuh', 'exp-js.cuh', 'router.cuh']) {
  writeFileSync(join(outDir, name), read(name));
}
// The router suite launches nothing itself (it calls the launchers), so it compiles as plain C++ unchanged.
writeFileSync(join(outDir, 'check-router.cc'), read('check-router.cu'));

let tile = read('matmul-tile.cuh');
expect(tile, /cp\.async\.cg\.shared\.global/, 'the 16-byte cp.async');
tile = tile
  .split('\n')
  .filter((line) => !line.includes('__cvta_generic_to_shared'))
  .map((line) => {
    if (line.includes('cp.async.cg.shared.global')) return '  emu::copy_async(smem, gmem, bytes, 16);';
    if (line.includes('cp.async.ca.shared.global')) return '  emu::copy_async(smem, gmem, bytes, 4);';
    if (line.includes('cp.async.commit_group') || line.includes('cp.async.wait_group')) {
      return line.replace(/asm volatile\(.*?\);/, ';');
    }
    return line;
  })
  .join('\n')
  .replaceAll('__shared__ __align__(16)', 'alignas(16) static');
writeFileSync(join(outDir, 'matmul-tile.cuh'), tile);

for (const name of ['kernels.cu', 'norm-attention.cu', 'router.cu']) {
  let text = read(name);
  expect(text, /<<</, 'a kernel launch');
  text = text
    .replace(/([\w:]+(?:<[^<>;]*>)?)\s*<<<([^;]*?)>>>\(([^;]*)\);/gs, 'emu::launch($2, [&] { $1($3); });')
    .replace(/extern __shared__ (\w+) (\w+)\[\];/g, '$1* $2 = reinterpret_cast<$1*>(emu::dynamic_shared());')
    .replaceAll('__shared__', 'static');
  if (text.includes('<<<')) throw new Error(`cuda-emulate: a launch in ${name} was not rewritten`);
  writeFileSync(join(outDir, name.replace(/\.cu$/, '.cc')), text);
}
