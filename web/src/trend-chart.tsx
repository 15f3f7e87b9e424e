import 'chartist/dist/index.css';
import { FixedScaleAxis, LineChart } from 'chartist';
import { useEffect, useRef } from 'preact/hooks';
import { dateText } from './swedish.ts';

export interface TrendPoint {
  date: string;
  value: number;
}

/**
 * An indicator's measurements as an SVG line chart (Chartist), with the same figures as a table
 * for screen readers and print; the SVG itself is hidden from assistive technology.
 */
export function TrendChart({
  name,
  unit,
  points,
  target,
}: {
  name: string;
  unit: string;
  points: TrendPoint[];
  target?: number | undefined;
}) {
  const holder = useRef<HTMLDivElement>(null);
  // Redrawn when the figures change, not on every render: the effect depends on their text.
  const figures = JSON.stringify(points);
  useEffect(() => {
    const drawn: TrendPoint[] = JSON.parse(figures);
    if (!holder.current || drawn.length === 0) return;
    const series = [{ name: 'Mätt', data: drawn.map((p) => ({ x: Date.parse(p.date), y: p.value })) }];
    if (target !== undefined)
      series.push({ name: 'Mål', data: drawn.map((p) => ({ x: Date.parse(p.date), y: target })) });
    const chart = new LineChart(
      holder.current,
      { series },
      {
        axisX: {
          type: FixedScaleAxis,
          divisor: Math.min(4, Math.max(1, drawn.length - 1)),
          labelInterpolationFnc: (value: number | string) => new Date(Number(value)).getUTCFullYear().toString(),
        },
        axisY: { onlyInteger: false },
        showPoint: true,
        height: '14rem',
        chartPadding: { right: 24 },
      },
    );
    return () => chart.detach();
  }, [figures, target]);
  return (
    <figure class="trend">
      <div ref={holder} class="trend-chart" aria-hidden="true" />
      <figcaption>
        <table>
          <caption>
            {name} ({unit})
          </caption>
          <thead>
            <tr>
              <th scope="col">Datum</th>
              <th scope="col">Värde</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.date}>
                <td>{dateText(p.date)}</td>
                <td>{p.value.toLocaleString('sv-SE')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
