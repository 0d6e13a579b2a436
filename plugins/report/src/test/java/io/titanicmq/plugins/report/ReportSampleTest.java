package io.titanicmq.plugins.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Renders a sample report and its first page as a PNG into {@code target/samples}; these are the
 * files committed as {@code docs/samples/report-sample.pdf} and {@code report-sample-page1.png}.
 */
@Timeout(60)
class ReportSampleTest {

    private static final String[] REGIONS = {"North", "South", "East", "West", "Central"};
    private static final String[] PRODUCTS = {"Anchor chain", "Bilge pump", "Compass", "Deck lamp", "Life vest"};

    /** A repeatable sales dataset: 5 regions by 5 products by 4 quarters. */
    static String salesDataset() {
        StringBuilder sb = new StringBuilder("{\"title\": \"Quarterly sales by region\", "
                + "\"columns\": [\"region\", \"product\", \"quarter\", \"units\", \"revenue\"], \"rows\": [");
        int n = 0;
        for (int q = 1; q <= 4; q++) {
            for (int r = 0; r < REGIONS.length; r++) {
                for (int p = 0; p < PRODUCTS.length; p++) {
                    int units = 20 + (q * 37 + r * 53 + p * 29) % 180;
                    double revenue = units * (12.5 + p * 7.25);
                    sb.append(n++ == 0 ? "" : ",").append(String.format(Locale.ROOT,
                            "[\"%s\", \"%s\", \"Q%d\", %d, %.2f]", REGIONS[r], PRODUCTS[p], q, units, revenue));
                }
            }
        }
        return sb.append("]}").toString();
    }

    @Test
    void firstPageRendersToAnImageWithInk() throws Exception {
        ReportWorker worker = new ReportWorker();
        worker.start(new StubContext(Map.of()));
        List<byte[]> reply = worker.handle(StubRequest.of(salesDataset()));
        Path dir = Files.createDirectories(Path.of("target", "samples"));
        Files.write(dir.resolve("report-sample.pdf"), reply.get(0));
        try (PDDocument doc = Loader.loadPDF(reply.get(0))) {
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 100);
            ImageIO.write(page, "png", dir.resolve("report-sample-page1.png").toFile());
            assertEquals(Math.round(PdfCanvas.PAGE.getWidth() / 72 * 100), page.getWidth(), 1);
            assertTrue(darkPixels(page) > 1000, "page 1 looks blank");
        }
    }

    private static int darkPixels(BufferedImage image) {
        int dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 384) {
                    dark++;
                }
            }
        }
        return dark;
    }
}
