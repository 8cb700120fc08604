// One daily series drawn with uPlot (small, canvas, no DOM per point). Only the insights chunk
// imports this file, so uPlot never weighs on the initial JavaScript. The canvas is hidden from
// screen readers; the wrapper carries a one-sentence summary and the table below is the full data.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './insights.css';
import { useEffect, useRef } from 'preact/hooks';
import { currentLocale, formatNumber } from '../i18n';

/** The design's colours (light or dark), read from the CSS custom properties. */
function palette() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { line: v('--primary', '#b4532a'), text: v('--muted', '#6b5e53'), grid: v('--border', '#e4d9cb') };
}

export function LineChart({ dates, values, label, summary }: { dates: string[]; values: (number | null)[]; label: string; summary: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = palette();
    const xs = dates.map((d) => Date.parse(d + 'T00:00:00Z') / 1000);
    const dayFmt = new Intl.DateTimeFormat(currentLocale(), { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const axis = { stroke: c.text, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
    const width = () => Math.max(280, el.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 220,
        legend: { show: false },
        cursor: { y: false, points: { size: 7 } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
        axes: [
          { ...axis, values: (_u, ticks) => ticks.map((s) => dayFmt.format(new Date(s * 1000))) },
          { ...axis, size: 48, values: (_u, ticks) => ticks.map((n) => formatNumber(n)) },
        ],
        series: [{}, { label, stroke: c.line, width: 2, fill: c.line + '22', spanGaps: false, points: { show: dates.length <= 31, size: 4 } }],
      },
      [xs, values as (number | null)[]],
      el,
    );
    const ro = new ResizeObserver(() => plot.setSize({ width: width(), height: 220 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [dates, values, label]);
  return (
    <figure class="chart" role="img" aria-label={summary}>
      <div ref={box} class="chart-box" aria-hidden="true" />
    </figure>
  );
}
