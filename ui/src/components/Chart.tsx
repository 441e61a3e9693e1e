import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from '../lib/prom';
import { formatTimestamp } from '../lib/time';

export interface ChartProps {
  /** uPlot data: x in seconds, then one array per series. */
  data: (number | null)[][];
  names: string[];
  colors?: string[];
  height?: number;
  bars?: boolean;
  /** Stacked bars: `data` holds cumulative values; `raw` the per-series ones for the tooltip. */
  raw?: (number | null)[][];
  yFormat?: (v: number) => string;
  /** Drag-select on the chart: a new range in ms. */
  onZoom?: (startMs: number, endMs: number) => void;
  /** Horizontal reference lines (e.g. burn-rate thresholds). */
  thresholds?: { value: number; label: string }[];
  /** Exemplars: points drawn over the lines; a click on one with an `href` follows it. */
  markers?: ChartMarker[];
  label: string;
  legend?: boolean;
  xRange?: [number, number]; // seconds
}

export interface ChartMarker {
  t: number; // seconds
  value: number;
  title: string;
  href?: string;
}

const PALETTE = ['#4e9cf5', '#f2a93b', '#53c27a', '#c77dff', '#e5534b', '#2fb8c4', '#f07cb5', '#a3a948', '#8d8cf2', '#d97f4a', '#7fb3d5', '#c39bd3'];

export function seriesColor(i: number): string {
  return PALETTE[i % PALETTE.length];
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** A small tooltip beside the cursor with the nearest series' value (uPlot's legend has them all). */
function tooltipPlugin(props: ChartProps): uPlot.Plugin {
  let tip: HTMLDivElement;
  return {
    hooks: {
      init: (u) => {
        tip = document.createElement('div');
        tip.className = 'chart-tip';
        tip.style.display = 'none';
        u.over.appendChild(tip);
        u.over.addEventListener('mouseleave', () => (tip.style.display = 'none'));
      },
      setCursor: (u) => {
        const idx = u.cursor.idx;
        const top = u.cursor.top ?? -1;
        if (idx === null || idx === undefined || top < 0) {
          tip.style.display = 'none';
          return;
        }
        let best = -1;
        let bestDist = Infinity;
        for (let i = 1; i < u.series.length; i++) {
          if (!u.series[i].show) continue;
          const v = u.data[i][idx];
          if (v === null || v === undefined) continue;
          const d = Math.abs(u.valToPos(v as number, 'y') - top);
          if (d < bestDist) {
            bestDist = d;
            best = i;
          }
        }
        if (best < 0) {
          tip.style.display = 'none';
          return;
        }
        const raw = props.raw ? props.raw[best][idx] : u.data[best][idx];
        const fmt = props.yFormat ?? formatNumber;
        tip.textContent = '';
        const t = document.createElement('div');
        t.className = 'muted';
        t.textContent = formatTimestamp((u.data[0][idx] as number) * 1000);
        const v = document.createElement('div');
        v.innerHTML = `<span class="swatch" style="background:${u.series[best].stroke}"></span>`;
        v.append(`${props.names[best - 1]}: ${raw === null || raw === undefined ? '–' : fmt(raw as number)}`);
        tip.append(t, v);
        tip.style.display = 'block';
        const left = u.cursor.left ?? 0;
        tip.style.left = `${Math.min(left + 12, u.over.clientWidth - tip.offsetWidth - 4)}px`;
        tip.style.top = `${Math.max(0, top - tip.offsetHeight - 8)}px`;
      },
    },
  };
}

function thresholdPlugin(thresholds: { value: number; label: string }[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const ctx = u.ctx;
        ctx.save();
        ctx.setLineDash([6, 4]);
        ctx.strokeStyle = cssVar('--bad');
        ctx.fillStyle = cssVar('--muted');
        ctx.font = `${11 * devicePixelRatio}px sans-serif`;
        for (const t of thresholds) {
          const y = u.valToPos(t.value, 'y', true);
          if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
          ctx.beginPath();
          ctx.moveTo(u.bbox.left, y);
          ctx.lineTo(u.bbox.left + u.bbox.width, y);
          ctx.stroke();
          ctx.textAlign = 'right';
          ctx.fillText(t.label, u.bbox.left + u.bbox.width - 4, y - 4 * devicePixelRatio);
        }
        ctx.restore();
      },
    },
  };
}

/**
 * Exemplar markers as small diamonds, drawn after the series so they stay visible. The nearest
 * marker within a few pixels of the cursor names itself in the plot's tooltip (title) and a click
 * on it follows its link: from a latency spike straight to the trace that caused it.
 */
function markerPlugin(markers: ChartMarker[]): uPlot.Plugin {
  const near = (u: uPlot, e: MouseEvent): ChartMarker | null => {
    const rect = u.over.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    let best: ChartMarker | null = null;
    let bestDist = 8;
    for (const m of markers) {
      const d = Math.hypot(u.valToPos(m.t, 'x') - x, u.valToPos(m.value, 'y') - y);
      if (d <= bestDist) {
        bestDist = d;
        best = m;
      }
    }
    return best;
  };
  return {
    hooks: {
      init: (u) => {
        u.over.addEventListener('mousemove', (e) => {
          const m = near(u, e);
          u.over.title = m ? m.title : '';
          u.over.style.cursor = m?.href ? 'pointer' : '';
        });
        u.over.addEventListener('click', (e) => {
          const m = near(u, e);
          if (m?.href) location.hash = m.href;
        });
      },
      draw: (u) => {
        const ctx = u.ctx;
        const r = 4 * devicePixelRatio;
        ctx.save();
        ctx.fillStyle = cssVar('--exemplar');
        ctx.strokeStyle = cssVar('--bg');
        ctx.lineWidth = devicePixelRatio;
        for (const m of markers) {
          const x = u.valToPos(m.t, 'x', true);
          const y = u.valToPos(m.value, 'y', true);
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width || y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
          ctx.beginPath();
          ctx.moveTo(x, y - r);
          ctx.lineTo(x + r, y);
          ctx.lineTo(x, y + r);
          ctx.lineTo(x - r, y);
          ctx.closePath();
          ctx.fill();
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

/**
 * uPlot: canvas-drawn, so 50,000 points across many series render in milliseconds. The legend
 * toggles a series on click; dragging selects a range to zoom to (the page puts it in the URL).
 */
export function Chart(props: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = document.documentElement.dataset.theme;
  useEffect(() => {
    const el = host.current!;
    const grid = cssVar('--grid');
    const text = cssVar('--muted');
    const yFmt = props.yFormat ?? formatNumber;
    const axis: uPlot.Axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height: props.height ?? 280,
      pxAlign: false,
      cursor: { drag: { x: !!props.onZoom, y: false, setScale: false }, points: { size: 6 } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      legend: { show: props.legend !== false, live: true },
      scales: { x: { time: true, ...(props.xRange ? { range: () => props.xRange! } : {}) }, y: props.bars ? { range: (_u, _min, max) => [0, Math.max(1, max)] } : {} },
      axes: [axis, { ...axis, size: 60, values: (_u, vals) => vals.map((v) => yFmt(v)) }],
      series: [
        { value: (_u, v) => (v === null ? '–' : formatTimestamp(v * 1000)) },
        ...props.names.map((name, i) => {
          const color = props.colors?.[i] ?? seriesColor(i);
          const s: uPlot.Series = {
            label: name,
            stroke: color,
            width: 1.5,
            spanGaps: false,
            value: (_u: uPlot, v: number | null, _si: number, idx: number | null) => {
              const raw = props.raw && idx !== null ? props.raw[i + 1][idx] : v;
              return raw === null || raw === undefined ? '–' : yFmt(raw);
            },
          };
          if (props.bars) {
            s.points = { show: false };
            s.fill = color;
            s.paths = uPlot.paths.bars!({ size: [0.9, 40], align: 0 });
          }
          return s;
        }),
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (!props.onZoom || u.select.width < 4) return;
            const a = u.posToVal(u.select.left, 'x');
            const b = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            props.onZoom(a * 1000, b * 1000);
          },
        ],
      },
      plugins: [tooltipPlugin(props), ...(props.thresholds ? [thresholdPlugin(props.thresholds)] : []), ...(props.markers?.length ? [markerPlugin(props.markers)] : [])],
    };
    const u = new uPlot(opts, props.data as uPlot.AlignedData, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(300, el.clientWidth), height: props.height ?? 280 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [props.data, props.names.join('\u0000'), theme, props.height, props.bars, props.markers]);
  return <div class="chart" ref={host} role="img" aria-label={props.label} data-testid="chart" data-markers={props.markers?.length ?? 0} />;
}
