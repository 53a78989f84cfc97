// A seeded SplitMix64 stream (SPEC-010 §1's mixer) for the scripts that generate test vectors; BigInt, plain.
const MASK = (1n << 64n) - 1n;

/** next(): the following 64-bit output; unit(): a double in [0, 1) from its top 53 bits; below(n): an integer in [0, n). */
export function splitmix64(seed) {
  let state = BigInt(seed) & MASK;
  const next = () => {
    state = (state + 0x9e3779b97f4a7c15n) & MASK;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
    return z ^ (z >> 31n);
  };
  return { next, unit: () => Number(next() >> 11n) * 2 ** -53, below: (n) => Number(next() % BigInt(n)) };
}
