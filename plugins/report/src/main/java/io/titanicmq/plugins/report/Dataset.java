package io.titanicmq.plugins.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * A table to report on. Cells are {@link Double} (numbers), {@link String} or null (empty); every
 * row has exactly one cell per column.
 *
 * @param title the report title
 * @param columns the column names
 * @param rows the data rows
 */
public record Dataset(String title, List<String> columns, List<List<Object>> rows) {

    /**
     * Whether a column holds numbers: at least one number and nothing but numbers and empty cells.
     *
     * @param column the column index
     */
    public boolean isNumeric(int column) {
        boolean any = false;
        for (List<Object> row : rows) {
            Object cell = row.get(column);
            if (cell instanceof Double) {
                any = true;
            } else if (cell != null) {
                return false;
            }
        }
        return any;
    }

    /** Formats a cell for display: whole numbers without a fraction, others to 4 significant places. */
    public static String format(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof Double d) {
            return formatNumber(d);
        }
        return cell.toString();
    }

    /** Formats a number the way {@link #format(Object)} does. */
    public static String formatNumber(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        double abs = Math.abs(d);
        if (abs >= 1e-3 && abs < 1e9) {
            return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.4g", d);
    }
}
