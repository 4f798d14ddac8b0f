// Charts on uPlot (loaded as the global `uPlot` by index.html, served by the dashboard).
// Times arrive as ISO strings and go to uPlot as Unix seconds.

/** Colours of the anomaly types, shared by charts and badges (see style.css). */
export const TYPE_COLOURS = {
  LOW_HEART_RATE: "#2f6fdb",
  HIGH_HEART_RATE: "#dd3333",
  SPIKE: "#e08a00",
};

/** Unix seconds of an ISO time. */
export function seconds(iso) {
  return Date.parse(iso) / 1000;
}

/**
 * A time-series chart in `container`: `series` are `{ label, stroke, bars?, points? }`.
 * Returns `{ update(data), destroy() }`; `data` is uPlot's `[times, ...values]`. It follows
 * the container's width. Each update also sets the container's `data-plotted` (per series:
 * label, points, sum) for tests.
 */
export function timeChart(container, series, { height = 220, yLabel } = {}) {
  const uPlot = globalThis.uPlot;
  const options = {
    width: Math.max(container.clientWidth, 300),
    height,
    scales: { x: { time: true } },
    axes: [{}, { label: yLabel, size: 60 }],
    series: [
      {},
      ...series.map((s) => ({
        label: s.label,
        stroke: s.stroke,
        width: s.points ? 0 : 2,
        fill: s.bars ? `${s.stroke}55` : undefined,
        paths: s.points ? () => null : s.bars ? uPlot.paths.bars({ size: [0.7, 40] }) : undefined,
        points: s.points
          ? { show: true, size: 10, stroke: s.stroke, fill: s.stroke }
          : { show: false },
        spanGaps: false,
      })),
    ],
  };
  const plot = new uPlot(options, [[], ...series.map(() => [])], container);
  const observer = new ResizeObserver(() => {
    plot.setSize({ width: Math.max(container.clientWidth, 300), height });
  });
  observer.observe(container);
  return {
    update(data) {
      plot.setData(data);
      // A hook for tests, no effect on the drawing: what each series plots (values that are
      // not null, and their sum), since a canvas shows none of it to the DOM.
      container.dataset.plotted = JSON.stringify(series.map((s, i) => {
        const values = (data[i + 1] ?? []).filter((v) => v !== null && v !== undefined);
        return { label: s.label, points: values.length, sum: values.reduce((a, b) => a + b, 0) };
      }));
    },
    destroy() {
      observer.disconnect();
      plot.destroy();
    },
  };
}
