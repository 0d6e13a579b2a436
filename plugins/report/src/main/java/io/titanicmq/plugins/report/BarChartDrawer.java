package io.titanicmq.plugins.report;

import java.awt.Color;
import java.io.IOException;

/**
 * Draws a horizontal bar chart with vector graphics: labels on the left, bars from a zero line
 * (negative values extend left of it), each value printed beside its bar.
 */
final class BarChartDrawer {

    static final float BAR_PITCH = 14;
    private static final float BAR_HEIGHT = 10;
    private static final float FONT_SIZE = 8;
    private static final float GAP = 6;
    private static final Color BAR = new Color(0x3B, 0x6E, 0xA8);
    private static final Color NEGATIVE = new Color(0xC0, 0x50, 0x4D);

    private final PdfCanvas canvas;

    /** @param canvas where to draw */
    BarChartDrawer(PdfCanvas canvas) {
        this.canvas = canvas;
    }

    /** The height {@link #draw} needs for a chart. */
    static float height(ChartData chart) {
        return chart.labels().size() * BAR_PITCH + (chart.note().isEmpty() ? 0 : BAR_PITCH) + GAP;
    }

    /** Draws the chart below the cursor and moves the cursor past it. */
    void draw(ChartData chart) throws IOException {
        float labelWidth = 0;
        for (String label : chart.labels()) {
            labelWidth = Math.max(labelWidth, canvas.width(label, FONT_SIZE, false));
        }
        labelWidth = Math.min(labelWidth, 140);
        float valueWidth = 0;
        double min = 0;
        double max = 0;
        for (double v : chart.values()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            valueWidth = Math.max(valueWidth, canvas.width(Dataset.formatNumber(v), FONT_SIZE, false));
        }
        // Room for the value text on the side each bar can grow to.
        float plotLeft = PdfCanvas.LEFT + labelWidth + GAP + (min < 0 ? valueWidth + 3 : 0);
        float plotWidth = PdfCanvas.RIGHT - plotLeft - valueWidth - GAP;
        double span = max - min == 0 ? 1 : max - min;
        float zero = plotLeft + (float) (-min / span * plotWidth);
        float top = canvas.y();
        for (int i = 0; i < chart.labels().size(); i++) {
            double v = chart.values().get(i);
            float barTop = top - i * BAR_PITCH;
            float baseline = barTop - BAR_HEIGHT + 2;
            canvas.textRight(canvas.fit(chart.labels().get(i), labelWidth, FONT_SIZE, false),
                    plotLeft - GAP, baseline, FONT_SIZE, false);
            float length = (float) (Math.abs(v) / span * plotWidth);
            float x = v >= 0 ? zero : zero - length;
            canvas.fill(x, barTop - BAR_HEIGHT, Math.max(length, 0.5f), BAR_HEIGHT, v >= 0 ? BAR : NEGATIVE);
            String value = Dataset.formatNumber(v);
            if (v >= 0) {
                canvas.text(value, zero + length + 3, baseline, FONT_SIZE, false);
            } else {
                canvas.textRight(value, x - 3, baseline, FONT_SIZE, false);
            }
        }
        float bottom = top - chart.labels().size() * BAR_PITCH;
        canvas.line(zero, top + 2, zero, bottom + BAR_PITCH - BAR_HEIGHT - 2, Color.DARK_GRAY, 0.75f);
        canvas.down(chart.labels().size() * BAR_PITCH);
        if (!chart.note().isEmpty()) {
            canvas.text(chart.note(), PdfCanvas.LEFT, canvas.y() - BAR_PITCH + 4, FONT_SIZE, false);
            canvas.down(BAR_PITCH);
        }
        canvas.down(GAP);
    }
}
