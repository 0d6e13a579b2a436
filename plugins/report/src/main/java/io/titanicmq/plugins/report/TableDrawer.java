package io.titanicmq.plugins.report;

import java.awt.Color;
import java.io.IOException;
import java.util.List;

/**
 * Draws a table across the page width: a bold header row on a grey band, then rows with light
 * stripes. Numeric columns are right-aligned; text that does not fit its column is cut with "...".
 * {@link #rows} starts a new page, repeating the header, whenever a row no longer fits.
 */
final class TableDrawer {

    static final float ROW_HEIGHT = 14;
    private static final float FONT_SIZE = 8;
    private static final float PADDING = 4;
    private static final int WIDTH_SAMPLE = 200;
    /** Columns are at most 200 pt wide: longer text is not measured in full. */
    private static final int MAX_MEASURED = 200;
    private static final Color HEADER_BAND = new Color(0xD9, 0xDE, 0xE6);
    private static final Color STRIPE = new Color(0xF3, 0xF5, 0xF8);

    private final PdfCanvas canvas;
    private final List<String> headers;
    private final boolean[] rightAligned;
    private final float[] widths;

    /**
     * Sizes the columns from the headers and the first rows.
     *
     * @param rightAligned per column, whether it holds numbers
     */
    TableDrawer(PdfCanvas canvas, List<String> headers, boolean[] rightAligned, List<String[]> sample)
            throws IOException {
        this.canvas = canvas;
        this.headers = headers;
        this.rightAligned = rightAligned;
        this.widths = new float[headers.size()];
        float total = 0;
        for (int c = 0; c < widths.length; c++) {
            float w = canvas.width(headers.get(c), FONT_SIZE, true);
            for (String[] row : sample.subList(0, Math.min(WIDTH_SAMPLE, sample.size()))) {
                String cell = row[c].length() > MAX_MEASURED ? row[c].substring(0, MAX_MEASURED) : row[c];
                w = Math.max(w, canvas.width(cell, FONT_SIZE, false));
            }
            widths[c] = Math.min(w, MAX_MEASURED) + 2 * PADDING;
            total += widths[c];
        }
        float scale = (PdfCanvas.RIGHT - PdfCanvas.LEFT) / total;
        for (int c = 0; c < widths.length; c++) {
            widths[c] *= scale;
        }
    }

    /** Draws the header row at the cursor. */
    void header() throws IOException {
        canvas.fill(PdfCanvas.LEFT, canvas.y() - ROW_HEIGHT, PdfCanvas.RIGHT - PdfCanvas.LEFT, ROW_HEIGHT, HEADER_BAND);
        cells(headers.toArray(String[]::new), true);
    }

    /** Draws rows at the cursor, continuing on new pages (header repeated) as needed. */
    void rows(List<String[]> rows) throws IOException {
        for (int r = 0; r < rows.size(); r++) {
            if (canvas.room() < ROW_HEIGHT) {
                canvas.newPage();
                header();
            }
            if (r % 2 == 1) {
                canvas.fill(PdfCanvas.LEFT, canvas.y() - ROW_HEIGHT, PdfCanvas.RIGHT - PdfCanvas.LEFT, ROW_HEIGHT, STRIPE);
            }
            cells(rows.get(r), false);
        }
        canvas.line(PdfCanvas.LEFT, canvas.y(), PdfCanvas.RIGHT, canvas.y(), Color.GRAY, 0.5f);
    }

    private void cells(String[] values, boolean bold) throws IOException {
        float baseline = canvas.y() - ROW_HEIGHT + 4;
        float x = PdfCanvas.LEFT;
        for (int c = 0; c < widths.length; c++) {
            String text = canvas.fit(values[c], widths[c] - 2 * PADDING, FONT_SIZE, bold);
            if (rightAligned[c]) {
                canvas.textRight(text, x + widths[c] - PADDING, baseline, FONT_SIZE, bold);
            } else {
                canvas.text(text, x + PADDING, baseline, FONT_SIZE, bold);
            }
            x += widths[c];
        }
        canvas.down(ROW_HEIGHT);
    }
}
