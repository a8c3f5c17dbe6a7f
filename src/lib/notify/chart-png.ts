import { PNG } from 'pngjs';

/**
 * The cost digest's daily bars as a PNG, drawn here (no remote image: mail clients block those, and a
 * tracking pixel is exactly what a security tool should not send). Bars only, no text: the labels are in
 * the HTML beside it, where the mail client renders them in the reader's font and language.
 */

export const CHART_SIZE = { width: 560, height: 140 } as const;

function hexColour(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

/** A bar chart of `values` (oldest first); the last bar, the day reported, in `highlight`. */
export function drawBarChart(values: readonly number[], colour = '#1565C0', highlight = '#E65100'): Buffer {
  const { width, height } = CHART_SIZE;
  const png = new PNG({ width, height, colorType: 6 });
  const fill = (x0: number, y0: number, x1: number, y1: number, [r, g, b]: [number, number, number]) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) {
      for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) {
        const at = (y * width + x) * 4;
        png.data[at] = r;
        png.data[at + 1] = g;
        png.data[at + 2] = b;
        png.data[at + 3] = 255;
      }
    }
  };
  fill(0, 0, width, height, [255, 255, 255]);
  const baseline = height - 6;
  fill(0, baseline, width, baseline + 1, [200, 200, 200]);
  const finite = values.map((value) => (Number.isFinite(value) && value > 0 ? value : 0));
  const top = Math.max(...finite, 0);
  if (finite.length === 0) return PNG.sync.write(png);
  const slot = width / finite.length;
  finite.forEach((value, index) => {
    const barHeight = top > 0 ? Math.max(value > 0 ? 2 : 0, Math.round((value / top) * (baseline - 8))) : 0;
    const x0 = Math.round(index * slot + slot * 0.15);
    const x1 = Math.round((index + 1) * slot - slot * 0.15);
    fill(x0, baseline - barHeight, x1, baseline, hexColour(index === finite.length - 1 ? highlight : colour));
  });
  return PNG.sync.write(png);
}
