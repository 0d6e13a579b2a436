package io.titanicmq.plugins.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * Lays out a report: page 1 has the title, the summary statistics of each numeric column and the
 * bar chart (the chart moves to its own page when it does not fit); then the data table, exactly
 * {@link #ROWS_PER_PAGE} rows a page under a repeated header; every page has a footer
 * "title - page i of n".
 */
final class ReportRenderer {

    /** The most columns the data table shows; the statistics cover all numeric columns. */
    static final int MAX_TABLE_COLUMNS = 12;
    private static final float HEADING = 18;
    /** Data rows per page: the page height less the heading and the header row. */
    static final int ROWS_PER_PAGE = (int) ((PdfCanvas.TOP - PdfCanvas.BOTTOM - HEADING - TableDrawer.ROW_HEIGHT)
            / TableDrawer.ROW_HEIGHT);

    /**
     * A rendered report.
     *
     * @param pdf the PDF file's bytes
     * @param pages its page count
     */
    record Rendered(byte[] pdf, int pages) {
    }

    /** Renders a dataset to PDF. */
    Rendered render(Dataset data) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(data.title());
            info.setCreator("TitanicMQ report plug-in");
            PdfCanvas canvas = new PdfCanvas(document);
            try (canvas) {
                canvas.newPage();
                overview(canvas, data);
                dataTable(canvas, data);
            }
            PageFooter.addAll(document, canvas.regularFont(), data.title());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return new Rendered(out.toByteArray(), document.getNumberOfPages());
        }
    }

    private static void overview(PdfCanvas canvas, Dataset data) throws IOException {
        canvas.text(canvas.fit(data.title(), PdfCanvas.RIGHT - PdfCanvas.LEFT, 20, true),
                PdfCanvas.LEFT, canvas.y() - 20, 20, true);
        canvas.down(34);
        canvas.text(data.rows().size() + " rows, " + data.columns().size() + " columns",
                PdfCanvas.LEFT, canvas.y() - 10, 10, false);
        canvas.down(28);
        heading(canvas, "Summary statistics");
        List<ColumnStats> stats = ColumnStats.of(data);
        if (stats.isEmpty()) {
            canvas.text("No numeric columns.", PdfCanvas.LEFT, canvas.y() - 10, 10, false);
            canvas.down(HEADING);
        } else {
            List<String[]> rows = new ArrayList<>();
            for (ColumnStats s : stats) {
                rows.add(new String[] {s.column(), Long.toString(s.count()), Dataset.formatNumber(s.min()),
                        Dataset.formatNumber(s.max()), Dataset.formatNumber(s.mean()), Dataset.formatNumber(s.sum())});
            }
            TableDrawer table = new TableDrawer(canvas, List.of("column", "count", "min", "max", "mean", "sum"),
                    new boolean[] {false, true, true, true, true, true}, rows);
            table.header();
            table.rows(rows);
        }
        canvas.down(HEADING);
        ChartData chart = ChartData.of(data);
        if (chart != null) {
            if (canvas.room() < HEADING + BarChartDrawer.height(chart)) {
                canvas.newPage();
            }
            heading(canvas, "Chart: " + chart.caption());
            new BarChartDrawer(canvas).draw(chart);
        }
    }

    private static void dataTable(PdfCanvas canvas, Dataset data) throws IOException {
        int shown = Math.min(MAX_TABLE_COLUMNS, data.columns().size());
        boolean[] numeric = new boolean[shown];
        for (int c = 0; c < shown; c++) {
            numeric[c] = data.isNumeric(c);
        }
        List<String[]> rows = new ArrayList<>(data.rows().size());
        for (List<Object> row : data.rows()) {
            String[] cells = new String[shown];
            for (int c = 0; c < shown; c++) {
                cells[c] = Dataset.format(row.get(c));
            }
            rows.add(cells);
        }
        TableDrawer table = new TableDrawer(canvas, data.columns().subList(0, shown), numeric, rows);
        String hidden = shown < data.columns().size()
                ? " (first " + shown + " of " + data.columns().size() + " columns)" : "";
        for (int first = 0; first < rows.size(); first += ROWS_PER_PAGE) {
            int last = Math.min(rows.size(), first + ROWS_PER_PAGE);
            canvas.newPage();
            heading(canvas, "Data: rows " + (first + 1) + "-" + last + " of " + rows.size() + hidden);
            table.header();
            table.rows(rows.subList(first, last));
        }
    }

    private static void heading(PdfCanvas canvas, String text) throws IOException {
        canvas.text(canvas.fit(text, PdfCanvas.RIGHT - PdfCanvas.LEFT, 12, true),
                PdfCanvas.LEFT, canvas.y() - 12, 12, true);
        canvas.down(HEADING);
    }
}
