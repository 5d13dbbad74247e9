import { createHash, hash } from 'node:crypto';

/**
 * RFC 6962 §2.1 Merkle Tree Hash (the Certificate Transparency tree):
 * `MTH({}) = SHA-256()`, `MTH({d0}) = SHA-256(0x00 || d0)`, and for n > 1 with k the largest
 * power of two below n, `MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))`.
 *
 * The audit log's leaves are record hashes (32 bytes each, given as hex). {@link MerkleAccumulator}
 * keeps only the roots of the perfect subtrees that make up the tree so far (at most ⌈log2 n⌉
 * hashes), so a writer or a streaming verifier folds in a million leaves in constant memory.
 */

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** SHA-256(0x00 || leaf). */
export function leafHash(leaf: Buffer): Buffer {
  return hash('sha256', Buffer.concat([LEAF, leaf], 1 + leaf.length), 'buffer');
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return hash('sha256', Buffer.concat([NODE, left, right], 1 + left.length + right.length), 'buffer');
}

/** The empty tree's hash: SHA-256 of the empty string (e3b0c442…b855), RFC 6962 §2.1. */
export const EMPTY_TREE_HASH = createHash('sha256').digest('hex');

/** A serializable accumulator state: tree size and the perfect subtree roots, left to right. */
export interface MerkleState {
  size: number;
  /** Hex roots of the perfect subtrees whose sizes are the set bits of `size`, largest first. */
  peaks: string[];
}

/** Incremental RFC 6962 tree: `push` leaves, read `root()` at any size. */
export class MerkleAccumulator {
  private size = 0;
  /** Perfect subtree roots with their sizes, largest (leftmost) first. */
  private readonly peaks: { hash: Buffer; size: number }[] = [];

  /**
   * Restores an accumulator from {@link MerkleState}.
   * @throws Error when the peaks do not match the binary decomposition of `size`.
   */
  static from(state: MerkleState): MerkleAccumulator {
    const acc = new MerkleAccumulator();
    const sizes: number[] = [];
    for (let bit = 2 ** 52; bit >= 1; bit /= 2) if (Math.floor(state.size / bit) % 2 === 1) sizes.push(bit);
    if (sizes.length !== state.peaks.length) throw new Error('Merkle state: peaks do not match size');
    state.peaks.forEach((h, i) => acc.peaks.push({ hash: Buffer.from(h, 'hex'), size: sizes[i] ?? 0 }));
    acc.size = state.size;
    return acc;
  }

  /** Number of leaves so far. */
  get treeSize(): number {
    return this.size;
  }

  /** Adds one leaf (a record hash, hex). */
  push(recordHashHex: string): void {
    let hash = leafHash(Buffer.from(recordHashHex, 'hex'));
    let size = 1;
    let last = this.peaks[this.peaks.length - 1];
    while (last && last.size === size) {
      this.peaks.pop();
      hash = nodeHash(last.hash, hash);
      size *= 2;
      last = this.peaks[this.peaks.length - 1];
    }
    this.peaks.push({ hash, size });
    this.size++;
  }

  /** The RFC 6962 root (hex) over the leaves so far: the peaks folded right to left. */
  root(): string {
    let acc: Buffer | undefined;
    for (let i = this.peaks.length - 1; i >= 0; i--) {
      const p = this.peaks[i];
      if (!p) continue;
      acc = acc ? nodeHash(p.hash, acc) : p.hash;
    }
    return acc ? acc.toString('hex') : EMPTY_TREE_HASH;
  }

  /** The state to persist (e.g. in a checkpoint) and restore with {@link MerkleAccumulator.from}. */
  state(): MerkleState {
    return { size: this.size, peaks: this.peaks.map((p) => p.hash.toString('hex')) };
  }
}
