/**
 * Limits that the alert engine's fixed-size state record imposes on its settings (see the
 * layout in `_state_layout.ts`). The config section checks settings against them, so a
 * setting the record cannot honour is refused at start, naming what to change.
 */

/**
 * Seconds of per-second heart rate a customer's state keeps. The window rules need their
 * window plus the reorder tolerance in it: LOW/HIGH `ALERT_WINDOW_S + tolerance`, SPIKE
 * `ALERT_SPIKE_BASELINE_S + ALERT_SPIKE_CONFIRM_S + tolerance`.
 */
export const HISTORY_SECONDS = 20;

/** The largest reorder tolerance: the state buffers the beat intervals of this many + 1 seconds. */
export const MAX_REORDER_TOLERANCE_S = 5;

/** The largest flapping window: the gaps between a rule's last openings are kept in 12 bits. */
export const MAX_FLAP_WINDOW_S = 4095;

/** The most cycles the flapping rule can count: the state keeps a rule's last three openings. */
export const MAX_FLAP_CYCLES = 3;

/** The longest run of extreme seconds EXTREME_* can ask for (the fast path looks this far back). */
export const MAX_EXTREME_RUN_S = 5;
