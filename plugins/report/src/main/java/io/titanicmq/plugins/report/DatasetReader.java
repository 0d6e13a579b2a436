package io.titanicmq.plugins.report;

import io.titanicmq.api.WorkerException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a request body into a {@link Dataset}: JSON when it starts with '{', CSV with a header row
 * otherwise. The size limit is checked before anything is parsed, the row limit while reading.
 */
final class DatasetReader {

    private final ReportSettings settings;

    /** @param settings the size and row limits */
    DatasetReader(ReportSettings settings) {
        this.settings = settings;
    }

    /**
     * Reads a body.
     *
     * @throws WorkerException (terminal) for input over the limits, malformed input, or no rows
     */
    Dataset read(byte[] body) throws WorkerException {
        if (body.length > settings.maxInputSize()) {
            throw WorkerException.terminal("input is " + body.length + " bytes, over the limit of "
                    + settings.maxInputSize() + " (" + ReportSettings.SECTION + ".max-input-size)");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Dataset data = text.stripLeading().startsWith("{")
                ? new JsonDatasetReader(settings.maxRows()).read(text)
                : new CsvDatasetReader(settings.maxRows()).read(text);
        return checked(data);
    }

    private static Dataset checked(Dataset data) throws WorkerException {
        if (data.columns().isEmpty()) {
            throw WorkerException.terminal("the dataset has no columns");
        }
        Set<String> seen = new HashSet<>();
        for (String column : data.columns()) {
            if (!seen.add(column)) {
                throw WorkerException.terminal("column '" + column + "' appears twice");
            }
        }
        if (data.rows().isEmpty()) {
            throw WorkerException.terminal("the dataset has no rows");
        }
        int width = data.columns().size();
        List<List<Object>> rows = data.rows();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).size() != width) {
                throw WorkerException.terminal("row " + (r + 1) + " has " + rows.get(r).size()
                        + " cells, expected " + width + " (one per column)");
            }
        }
        return data;
    }

    /** Thrown by the format readers when there are more rows than allowed. */
    static WorkerException tooManyRows(int maxRows) {
        return WorkerException.terminal("more than " + maxRows + " rows ("
                + ReportSettings.SECTION + ".max-rows)");
    }
}
