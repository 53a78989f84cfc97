// Prints N lines "<bits of x> <bits of Math.exp(x)>" (hex) for a seeded sample of arguments, for the self-test's
// --exp-file check. The arguments cover every branch of the exp algorithm: both reduction paths and the boundary
// between them, tiny |x|, the overflow and underflow thresholds, the subnormal results, binary32 inputs (as the
// kernels pass them), and arbitrary bit patterns. Usage: node exp-cases.mjs [N]
import { splitmix64 } from '../common/splitmix64.mjs';
const count = Number(process.argv[2] ?? 100000);
const { next, unit } = splitmix64(0x5eed0005n);
const between = (lo, hi) => lo + (hi - lo) * unit();
const view = new DataView(new ArrayBuffer(8));
const hex = (x) => {
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
};
const fromBits = (bits) => {
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
};
const generators = [
  () => between(-750, 750),
  () => between(-1.5, 1.5),
  () => between(-0.5, 0.5),
  () => between(709.7, 709.8),
  () => between(-745.2, -708),
  () => between(-708.5, -707.5),
  () => (unit() < 0.5 ? -1 : 1) * 2 ** between(-60, -20),
  () => Math.fround(between(-120, 120)),
  () => Math.fround(between(-40, 0)) - Math.fround(between(-5, 5)),
  () => fromBits(next()),
  () => Math.round(between(-1100, 1100)) * 0.34657359027997264 + between(-1e-9, 1e-9),
];
const lines = [];
for (let n = 0; n < count; n++) {
  const x = generators[n % generators.length]();
  lines.push(`${hex(x)} ${hex(Math.exp(x))}`);
}
process.stdout.write(lines.join('\n') + '\n');
