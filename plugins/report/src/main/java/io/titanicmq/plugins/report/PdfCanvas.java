package io.titanicmq.plugins.report;

import java.awt.Color;
import java.io.Closeable;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A writing surface over a PDFBox document: A4 pages with fixed margins, a cursor that moves down
 * the page, and text in the standard Helvetica fonts. Characters the fonts cannot encode are shown
 * as '?'. Coordinates are PDF points with the origin at the bottom left.
 *
 * <p>Without Helvetica or a look-alike (e.g. the Debian package {@code fonts-liberation}) installed,
 * PDFBox logs "Using fallback font" when a font is created; the PDF is unaffected, since the
 * standard 14 fonts are never embedded.
 */
final class PdfCanvas implements Closeable {

    static final PDRectangle PAGE = PDRectangle.A4;
    static final float MARGIN = 50;
    static final float LEFT = MARGIN;
    static final float RIGHT = PAGE.getWidth() - MARGIN;
    static final float TOP = PAGE.getHeight() - MARGIN;
    /** Text may go down to here; the page number sits below. */
    static final float BOTTOM = MARGIN;

    private final PDDocument document;
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private PDPageContentStream content;
    private float y;

    /** @param document the document pages are added to */
    PdfCanvas(PDDocument document) {
        this.document = document;
    }

    /** Starts a new page with the cursor at the top margin. */
    void newPage() throws IOException {
        closeContent();
        PDPage page = new PDPage(PAGE);
        document.addPage(page);
        content = new PDPageContentStream(document, page);
        y = TOP;
    }

    /** The regular font, for drawing outside the canvas (page footers). */
    PDType1Font regularFont() {
        return regular;
    }

    /** The cursor's height on the page. */
    float y() {
        return y;
    }

    /** Moves the cursor down. */
    void down(float points) {
        y -= points;
    }

    /** The room left between the cursor and the bottom margin. */
    float room() {
        return y - BOTTOM;
    }

    /** The page's content stream, for drawing shapes. */
    PDPageContentStream content() {
        return content;
    }

    /** Writes text with its baseline at (x, baseline). */
    void text(String text, float x, float baseline, float size, boolean isBold) throws IOException {
        PDType1Font font = isBold ? bold : regular;
        content.beginText();
        content.setFont(font, size);
        content.setNonStrokingColor(Color.BLACK);
        content.newLineAtOffset(x, baseline);
        content.showText(encodable(font, text));
        content.endText();
    }

    /** Writes text ending at {@code right}. */
    void textRight(String text, float right, float baseline, float size, boolean isBold) throws IOException {
        String safe = encodable(isBold ? bold : regular, text);
        text(safe, right - width(safe, size, isBold), baseline, size, isBold);
    }

    /** The width of text in points. */
    float width(String text, float size, boolean isBold) throws IOException {
        PDType1Font font = isBold ? bold : regular;
        return font.getStringWidth(encodable(font, text)) / 1000 * size;
    }

    /** Cuts text to fit {@code maxWidth}, ending it with "..." when cut. */
    String fit(String text, float maxWidth, float size, boolean isBold) throws IOException {
        // No Helvetica glyph is narrower than 0.19 em: more characters than this can never fit,
        // so a huge cell costs no more than a short one.
        int most = (int) (maxWidth / (0.19f * size)) + 1;
        String cut = text.length() > most ? text.substring(0, most) : text;
        if (cut.length() == text.length() && width(text, size, isBold) <= maxWidth) {
            return text;
        }
        while (!cut.isEmpty() && width(cut + "...", size, isBold) > maxWidth) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }

    /** Fills a rectangle. */
    void fill(float x, float bottom, float w, float h, Color color) throws IOException {
        content.setNonStrokingColor(color);
        content.addRect(x, bottom, w, h);
        content.fill();
    }

    /** Draws a line. */
    void line(float x1, float y1, float x2, float y2, Color color, float lineWidth) throws IOException {
        content.setStrokingColor(color);
        content.setLineWidth(lineWidth);
        content.moveTo(x1, y1);
        content.lineTo(x2, y2);
        content.stroke();
    }

    @Override
    public void close() throws IOException {
        closeContent();
    }

    private void closeContent() throws IOException {
        if (content != null) {
            content.close();
            content = null;
        }
    }

    /** The text with every character the font cannot encode replaced by '?', and controls by spaces. */
    static String encodable(PDType1Font font, String text) {
        String flat = text.replaceAll("[\\p{Cntrl}]", " ");
        try {
            font.encode(flat);
            return flat;
        } catch (IOException | IllegalArgumentException e) {
            StringBuilder sb = new StringBuilder(flat.length());
            flat.codePoints().forEach(cp -> sb.append(canEncode(font, cp) ? Character.toString(cp) : "?"));
            return sb.toString();
        }
    }

    private static boolean canEncode(PDType1Font font, int codePoint) {
        try {
            font.encode(Character.toString(codePoint));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
