package io.titanicmq.plugins.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the bar chart shows: the first numeric column, totalled per value of the first text column
 * when there is one, else per row. At most {@link #MAX_BARS} bars; {@link #note()} says when capped.
 *
 * @param caption what the bars are, e.g. "Total qty by name"
 * @param labels the bar labels
 * @param values the bar values, one per label
 * @param note empty, or a remark that bars were left out
 */
record ChartData(String caption, List<String> labels, List<Double> values, String note) {

    /** The most bars drawn. */
    static final int MAX_BARS = 30;

    /** The chart for a dataset, or null when it has no numeric column. */
    static ChartData of(Dataset data) {
        int value = -1;
        int category = -1;
        for (int c = 0; c < data.columns().size(); c++) {
            if (data.isNumeric(c)) {
                value = value < 0 ? c : value;
            } else {
                category = category < 0 ? c : category;
            }
        }
        if (value < 0) {
            return null;
        }
        String valueName = data.columns().get(value);
        Map<String, Double> bars = new LinkedHashMap<>();
        for (int r = 0; r < data.rows().size(); r++) {
            List<Object> row = data.rows().get(r);
            String label = category < 0 ? "row " + (r + 1) : Dataset.format(row.get(category));
            double v = row.get(value) instanceof Double d ? d : 0;
            bars.merge(label, v, Double::sum);
        }
        String caption = category < 0 ? valueName + " per row"
                : "Total " + valueName + " by " + data.columns().get(category);
        List<String> labels = new ArrayList<>(bars.keySet());
        String note = "";
        if (labels.size() > MAX_BARS) {
            note = "Showing the first " + MAX_BARS + " of " + labels.size()
                    + (category < 0 ? " rows." : " categories.");
            labels = labels.subList(0, MAX_BARS);
        }
        List<Double> values = labels.stream().map(bars::get).toList();
        return new ChartData(caption, List.copyOf(labels), values, note);
    }
}
