/**
 * Fans one periodic load out to every live-stream client: however many browsers watch the
 * overview, the database and the broker are asked once per tick per window size. The tick
 * runs only while someone listens; a load still running when the next tick comes is not
 * started twice; a new listener gets the latest snapshot at once (or the next one, when none
 * was loaded yet for its key). A load that takes long spaces out the next ones: after a load
 * of d ms, ticks skip that key for 3·d ms more, so the stream never keeps the database busy
 * more than about a quarter of the time, however slow the queries get.
 */

/** What a listener receives: a snapshot, or why it could not be loaded this time. */
export type HubMessage<T> = { readonly ok: true; readonly value: T } | {
  readonly ok: false;
  readonly error: unknown;
};

/** One subscriber. */
export interface HubListener<T> {
  send(message: HubMessage<T>): void;
  /** The hub is closing (shutdown): end the stream. */
  close(): void;
}

/** Calls `tick` periodically until the returned function is called. */
export type Scheduler = (tick: () => void) => () => void;

/** Options of {@link createSnapshotHub}. */
export interface SnapshotHubOptions<T> {
  /** Loads the snapshot for a key (e.g. the overview for a window of N minutes). */
  readonly load: (key: number) => Promise<T>;
  /** Runs the ticks; default every 2000 ms with setInterval. Tests pass a manual one. */
  readonly schedule?: Scheduler;
  /** Milliseconds, monotonic (default `performance.now`). */
  readonly clock?: () => number;
}

/** The hub. */
export interface SnapshotHub<T> {
  /** Adds a listener for `key`; returns the function that removes it. */
  subscribe(key: number, listener: HubListener<T>): () => void;
  /** Listeners right now, over all keys. */
  size(): number;
  /** Stops ticking and closes every listener. */
  close(): void;
}

/** Every `ms` milliseconds with setInterval. */
export function everyMs(ms: number): Scheduler {
  return (tick) => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  };
}

interface Channel<T> {
  readonly listeners: Set<HubListener<T>>;
  last?: HubMessage<T>;
  loading: boolean;
  /** No tick starts a load of this channel before this time (see the module doc). */
  quietUntil: number;
}

/** Creates a hub (see the module doc). */
export function createSnapshotHub<T>(options: SnapshotHubOptions<T>): SnapshotHub<T> {
  const schedule = options.schedule ?? everyMs(2000);
  const clock = options.clock ?? (() => performance.now());
  const channels = new Map<number, Channel<T>>();
  let stopTicking: (() => void) | undefined;
  let closed = false;

  const refresh = (key: number, channel: Channel<T>) => {
    if (channel.loading) return;
    channel.loading = true;
    const started = clock();
    options.load(key).then(
      (value) => ({ ok: true, value }) as const,
      (error: unknown) => ({ ok: false, error }) as const,
    ).then((message) => {
      channel.loading = false;
      const finished = clock();
      channel.quietUntil = finished + 3 * (finished - started);
      if (closed) return;
      channel.last = message;
      for (const listener of channel.listeners) listener.send(message);
    });
  };
  const tick = () =>
    channels.forEach((channel, key) => {
      if (clock() >= channel.quietUntil) refresh(key, channel);
    });

  return {
    subscribe(key, listener) {
      if (closed) {
        listener.close();
        return () => {};
      }
      let channel = channels.get(key);
      if (channel === undefined) {
        channel = { listeners: new Set(), loading: false, quietUntil: 0 };
        channels.set(key, channel);
        refresh(key, channel);
      } else if (channel.last !== undefined) {
        listener.send(channel.last);
      }
      channel.listeners.add(listener);
      stopTicking ??= schedule(tick);
      const joined = channel;
      return () => {
        joined.listeners.delete(listener);
        if (joined.listeners.size === 0 && channels.get(key) === joined) channels.delete(key);
        if (channels.size === 0) {
          stopTicking?.();
          stopTicking = undefined;
        }
      };
    },
    size: () => [...channels.values()].reduce((sum, c) => sum + c.listeners.size, 0),
    close() {
      closed = true;
      stopTicking?.();
      stopTicking = undefined;
      const listeners = [...channels.values()].flatMap((c) => [...c.listeners]);
      channels.clear();
      for (const listener of listeners) listener.close();
    },
  };
}
