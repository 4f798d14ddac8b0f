/**
 * The notifier's short memory of transitions it has already settled (delivered or
 * dead-lettered), so a repeat — the detector publishing a transition twice after a crash,
 * or a batch fetched again after a retry — is dropped here instead of being POSTed again.
 * Bounded: the oldest key is forgotten first. A repeat it has forgotten (or one arriving
 * after a restart) is still POSTed, with the same `Idempotency-Key`, for the receiver to
 * drop: this memory saves requests, the key is the guarantee.
 */
export class RecentKeys {
  readonly #capacity: number;
  // A Set iterates in insertion order: its first element is the oldest.
  readonly #keys = new Set<string>();

  /** Remembers at most `capacity` keys (0 remembers none). */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** True when `key` was added and not forgotten yet. */
  has(key: string): boolean {
    return this.#keys.has(key);
  }

  /** Remembers `key` as the newest, forgetting the oldest beyond the capacity. */
  add(key: string): void {
    if (this.#capacity === 0) return;
    this.#keys.delete(key);
    this.#keys.add(key);
    while (this.#keys.size > this.#capacity) {
      const oldest = this.#keys.values().next().value as string;
      this.#keys.delete(oldest);
    }
  }

  /** How many keys are remembered. */
  get size(): number {
    return this.#keys.size;
  }
}
