package io.titanicmq.plugins.report;

import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;

/** Adds "title - page i of n" below the bottom margin of every page, once the page count is known. */
final class PageFooter {

    private static final float SIZE = 8;

    private PageFooter() {
    }

    /** Appends the footer, in {@code font}, to each page of the document. */
    static void addAll(PDDocument document, PDType1Font font, String title) throws IOException {
        int count = document.getNumberOfPages();
        int i = 0;
        for (PDPage page : document.getPages()) {
            i++;
            String text = PdfCanvas.encodable(font, cut(title) + " - page " + i + " of " + count);
            float width = font.getStringWidth(text) / 1000 * SIZE;
            try (PDPageContentStream content =
                         new PDPageContentStream(document, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                content.beginText();
                content.setFont(font, SIZE);
                content.newLineAtOffset(PdfCanvas.RIGHT - width, PdfCanvas.BOTTOM - 20);
                content.showText(text);
                content.endText();
            }
        }
    }

    private static String cut(String title) {
        return title.length() > 60 ? title.substring(0, 57) + "..." : title;
    }
}
