package io.titanicmq.plugins.report;

import io.titanicmq.api.WorkerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads RFC 4180 CSV whose first record names the columns. Cells that look like decimal numbers
 * become numbers, empty cells become null, the rest stay text. The title is "Report".
 */
final class CsvDatasetReader {

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).build();

    private final int maxRows;

    /** @param maxRows the most rows accepted */
    CsvDatasetReader(int maxRows) {
        this.maxRows = maxRows;
    }

    /**
     * Parses the text.
     *
     * @throws WorkerException (terminal) for malformed CSV, ragged rows or too many rows
     */
    Dataset read(String text) throws WorkerException {
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            List<String> columns = parser.getHeaderNames();
            List<List<Object>> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (rows.size() == maxRows) {
                    throw DatasetReader.tooManyRows(maxRows);
                }
                if (record.size() != columns.size()) {
                    throw WorkerException.terminal("CSV row " + record.getRecordNumber() + " (after the header) has "
                            + record.size() + " cells, expected " + columns.size() + " (one per header)");
                }
                List<Object> row = new ArrayList<>(record.size());
                for (String value : record) {
                    row.add(cell(value));
                }
                rows.add(row);
            }
            return new Dataset("Report", columns, rows);
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw WorkerException.terminal("invalid CSV: " + e.getMessage());
        }
    }

    private static Object cell(String value) {
        if (value.isEmpty()) {
            return null;
        }
        return NUMBER.matcher(value).matches() ? (Object) Double.parseDouble(value) : value;
    }
}
