package io.titanicmq.plugins.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.titanicmq.api.WorkerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Renders real PDFs and reads them back with PDFBox. */
@Timeout(60)
class ReportWorkerTest {

    private static ReportWorker worker(Map<String, Object> config) {
        ReportWorker worker = new ReportWorker();
        worker.start(new StubContext(config));
        return worker;
    }

    private static List<byte[]> render(String body) throws WorkerException {
        List<byte[]> reply = worker(Map.of()).handle(StubRequest.of(body));
        assertEquals(2, reply.size());
        return reply;
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    private static JsonObject meta(List<byte[]> reply) {
        return JsonParser.parseString(new String(reply.get(1), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void pdfContainsTheTitleAndTheValues() throws Exception {
        List<byte[]> reply = render("{\"title\": \"Fruit stock\", \"columns\": [\"name\", \"qty\", \"price\"],"
                + " \"rows\": [[\"apple\", 12, 0.5], [\"pear\", 30, 0.75], [\"plum\", null, 1.25]]}");
        String text = text(reply.get(0));
        assertTrue(new String(reply.get(0), 0, 5, StandardCharsets.US_ASCII).startsWith("%PDF-"));
        assertTrue(text.contains("Fruit stock"), text);
        assertTrue(text.contains("pear"), text);
        assertTrue(text.contains("0.75"), text);
        assertTrue(text.contains("Summary statistics"), text);
        assertTrue(text.contains("Total qty by name"), text);
        // qty: count 2, min 12, max 30, mean 21, sum 42
        assertTrue(text.matches("(?s).*qty\\s+2\\s+12\\s+30\\s+21\\s+42.*"), text);
        assertEquals(3, meta(reply).get("rows").getAsInt());
        assertEquals(3, meta(reply).get("columns").getAsInt());
    }

    @Test
    void thousandRowsFillTheExpectedNumberOfPages() throws Exception {
        List<byte[]> reply = render(Datasets.items("Inventory", 1000));
        int expected = 1 + (1000 + ReportRenderer.ROWS_PER_PAGE - 1) / ReportRenderer.ROWS_PER_PAGE;
        try (PDDocument doc = Loader.loadPDF(reply.get(0))) {
            assertEquals(expected, doc.getNumberOfPages());
            assertEquals(doc.getNumberOfPages(), meta(reply).get("pages").getAsInt());
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setStartPage(expected);
            stripper.setEndPage(expected);
            String last = stripper.getText(doc);
            assertTrue(last.contains("item 999"), last);
            assertTrue(last.contains("name"), "header repeated on the last page: " + last);
        }
        assertEquals(1000, meta(reply).get("rows").getAsInt());
    }

    @Test
    void csvWithAHeaderRowRenders() throws Exception {
        List<byte[]> reply = render("city,visitors,rating\nOslo,1200,4.5\n\"Rio, BR\",3400,4.75\nLima,,3.9\n");
        String text = text(reply.get(0));
        assertTrue(text.contains("Report"), text);
        assertTrue(text.contains("Rio, BR"), text);
        assertTrue(text.contains("visitors"), text);
        assertTrue(text.contains("4600"), "sum of visitors: " + text);
        assertEquals(3, meta(reply).get("rows").getAsInt());
    }

    @Test
    void charactersHelveticaCannotShowBecomeQuestionMarks() throws Exception {
        String text = text(render("{\"title\": \"Z\u00fcrich \u6771\u4eac\", \"columns\": [\"n\"], \"rows\": [[1]]}").get(0));
        assertTrue(text.contains("Z\u00fcrich ??"), text);
    }

    @Test
    void aHugeCellIsCutToItsColumn() throws Exception {
        String huge = "x".repeat(1_000_000);
        String text = text(render("{\"columns\": [\"note\", \"n\"], \"rows\": [[\"" + huge + "\", 1]]}").get(0));
        assertTrue(text.contains("xxx..."), "cut with an ellipsis");
        assertTrue(text.length() < 10_000, "text length " + text.length());
    }

    @Test
    void manyCategoriesAreCappedWithANote() throws Exception {
        StringBuilder csv = new StringBuilder("name,qty\n");
        for (int i = 0; i < 45; i++) {
            csv.append("n").append(i).append(',').append(i).append('\n');
        }
        String text = text(render(csv.toString()).get(0));
        assertTrue(text.contains("Showing the first 30 of 45 categories."), text);
    }

    @Test
    void badInputFailsTerminally() {
        assertTerminal("invalid JSON", "{\"columns\": [\"a\"], \"rows\": [[1]");
        assertTerminal("invalid CSV", "a,b\n\"open,1\n");
        assertTerminal("row 2 has 1 cells, expected 2", "{\"columns\": [\"a\", \"b\"], \"rows\": [[1, 2], [3]]}");
        assertTerminal("CSV row 2 (after the header) has 3 cells, expected 2", "a,b\n1,2\n3,4,5\n");
        assertTerminal("row 1 is not an array", "{\"columns\": [\"a\"], \"rows\": [{\"a\": 1}]}");
        assertTerminal("\"rows\" must be an array", "{\"columns\": [\"a\"], \"rows\": 7}");
        assertTerminal("not a string, number", "{\"columns\": [\"a\"], \"rows\": [[[1]]]}");
        assertTerminal("each column name must be a string", "{\"columns\": [1], \"rows\": [[1]]}");
        assertTerminal("no rows", "{\"title\": \"t\", \"columns\": [\"a\"], \"rows\": []}");
        assertTerminal("no rows", "a,b\n");
        assertTerminal("needs \"columns\" and \"rows\"", "{\"title\": \"t\"}");
        assertTerminal("unknown field", "{\"columns\": [\"a\"], \"rows\": [[1]], \"colour\": \"red\"}");
    }

    @Test
    void inputOverTheSizeLimitIsRefusedBeforeParsing() {
        ReportWorker small = worker(Map.of("max-input-size", "1k"));
        String big = "{" + " ".repeat(2000); // not even valid JSON: the size check must come first
        WorkerException e = assertThrows(WorkerException.class, () -> small.handle(StubRequest.of(big)));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("max-input-size"), e.getMessage());
    }

    @Test
    void rowsOverTheLimitAreRefused() {
        ReportWorker few = worker(Map.of("max-rows", 5));
        for (String body : List.of(Datasets.items("t", 6), "a\n1\n2\n3\n4\n5\n6\n")) {
            WorkerException e = assertThrows(WorkerException.class, () -> few.handle(StubRequest.of(body)));
            assertFalse(e.isRetryable());
            assertTrue(e.getMessage().contains("more than 5 rows"), e.getMessage());
        }
    }

    private static void assertTerminal(String expected, String body) {
        WorkerException e = assertThrows(WorkerException.class, () -> worker(Map.of()).handle(StubRequest.of(body)),
                () -> "accepted: " + body);
        assertFalse(e.isRetryable(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
