package io.titanicmq.plugins.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Summary statistics of one numeric column (empty cells are not counted).
 *
 * @param column the column name
 * @param count how many numbers
 * @param min the smallest
 * @param max the largest
 * @param mean the arithmetic mean
 * @param sum the total
 */
public record ColumnStats(String column, long count, double min, double max, double mean, double sum) {

    /** The statistics of every numeric column of a dataset, in column order. */
    public static List<ColumnStats> of(Dataset data) {
        List<ColumnStats> stats = new ArrayList<>();
        for (int c = 0; c < data.columns().size(); c++) {
            if (!data.isNumeric(c)) {
                continue;
            }
            long count = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (List<Object> row : data.rows()) {
                if (row.get(c) instanceof Double d) {
                    count++;
                    min = Math.min(min, d);
                    max = Math.max(max, d);
                    sum += d;
                }
            }
            stats.add(new ColumnStats(data.columns().get(c), count, min, max, sum / count, sum));
        }
        return stats;
    }
}
