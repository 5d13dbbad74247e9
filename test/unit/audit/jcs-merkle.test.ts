import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { canonicalize } from '../../../server/src/audit/jcs';
import { EMPTY_TREE_HASH, MerkleAccumulator } from '../../../server/src/audit/merkle';

describe('canonicalize (RFC 8785)', () => {
  it('matches the §3.2.2 example (numbers, escapes, literals)', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    ) as unknown;
    assert.equal(
      canonicalize(input),
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });
  it('sorts keys by UTF-16 code units (§3.2.3 example)', () => {
    const keys = ['\u20ac', '\r', '\ufb33', '1', '\ud83d\ude00', '\u0080', '\u00f6'];
    const obj = Object.fromEntries(keys.map((k, i) => [k, i]));
    const sorted = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    // Compare text: JS objects list integer-like keys ("1") first, so Object.keys cannot check order.
    const expected = `{${sorted.map((k) => `${JSON.stringify(k)}:${keys.indexOf(k)}`).join(',')}}`;
    assert.equal(canonicalize(obj), expected);
    assert.ok(canonicalize(obj).startsWith('{"\\r":1,"1":3,'));
  });
  it('formats numbers as ECMAScript does (Appendix B samples)', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '0'],
      [1e21, '1e+21'],
      [1e-7, '1e-7'],
      [9007199254740992, '9007199254740992'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [0.1 + 0.2, '0.30000000000000004'],
      [-1.5, '-1.5'],
    ];
    for (const [n, s] of cases) assert.equal(canonicalize(n), s, String(n));
  });
  it('has no whitespace, omits undefined members, nests', () => {
    assert.equal(
      canonicalize({ b: [1, { d: 1, c: 'x' }], a: undefined, ' ': true }),
      '{" ":true,"b":[1,{"c":"x","d":1}]}',
    );
  });
  it('rejects what I-JSON forbids', () => {
    assert.throws(() => canonicalize(Number.NaN), TypeError);
    assert.throws(() => canonicalize(Infinity), TypeError);
    assert.throws(() => canonicalize('\ud800'), TypeError);
    assert.throws(() => canonicalize(10n), TypeError);
    assert.throws(() => canonicalize([undefined]), TypeError);
    // Member names too, every time (canonical names are remembered; a bad one never is).
    for (let i = 0; i < 2; i++) assert.throws(() => canonicalize({ '\udc00x': 1 }), TypeError);
  });
  it('gives remembered member names the same form as fresh ones', () => {
    const names = ['a', 'é', '\u2028', '"q"', 'x\ny', '\ud83d\ude00'];
    for (let i = 0; i < 2; i++)
      for (const n of names) assert.equal(canonicalize({ [n]: 1 }), `{${JSON.stringify(n)}:1}`, n);
  });
});

/** Straightforward recursive RFC 6962 §2.1 MTH over raw leaf data, independent of the accumulator. */
function mth(leaves: Buffer[]): Buffer {
  const h = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
  if (leaves.length === 0) return h();
  if (leaves.length === 1) return h(Buffer.from([0]), leaves[0] as Buffer);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return h(Buffer.from([1]), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

describe('MerkleAccumulator (RFC 6962)', () => {
  it('empty tree hash is SHA-256 of the empty string', () => {
    assert.equal(EMPTY_TREE_HASH, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(new MerkleAccumulator().root(), EMPTY_TREE_HASH);
  });
  it('matches the Certificate Transparency test vectors (merkle_tree_test.cc)', () => {
    const data = [
      '',
      '00',
      '10',
      '2021',
      '3031',
      '40414243',
      '5051525354555657',
      '606162636465666768696a6b6c6d6e6f',
    ];
    const roots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    const acc = new MerkleAccumulator();
    data.forEach((d, i) => {
      acc.push(d);
      assert.equal(acc.root(), roots[i], `size ${i + 1}`);
    });
  });
  it('equals the recursive definition for every size up to 70, and survives state()/from()', () => {
    const leaves: Buffer[] = [];
    const acc = new MerkleAccumulator();
    for (let n = 1; n <= 70; n++) {
      const leaf = randomBytes(32);
      leaves.push(leaf);
      acc.push(leaf.toString('hex'));
      assert.equal(acc.root(), mth(leaves).toString('hex'), `size ${n}`);
      assert.equal(MerkleAccumulator.from(acc.state()).root(), acc.root());
    }
  });
  it('rejects a state whose peaks do not fit its size', () => {
    assert.throws(() => MerkleAccumulator.from({ size: 3, peaks: ['00'] }));
  });
});
