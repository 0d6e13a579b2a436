package io.titanicmq.plugins.report;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.titanicmq.api.WorkerException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code {"title": "...", "columns": ["name", ...], "rows": [["a", 1], ...]}} with a
 * streaming parser, so the row limit stops reading early. Cells may be strings, numbers,
 * booleans (shown as text) or null.
 */
final class JsonDatasetReader {

    private final int maxRows;

    /** @param maxRows the most rows accepted */
    JsonDatasetReader(int maxRows) {
        this.maxRows = maxRows;
    }

    /**
     * Parses the text.
     *
     * @throws WorkerException (terminal) for invalid JSON, wrong types or too many rows
     */
    Dataset read(String text) throws WorkerException {
        try (JsonReader in = new JsonReader(new StringReader(text))) {
            String title = "Report";
            List<String> columns = null;
            List<List<Object>> rows = null;
            in.beginObject();
            while (in.hasNext()) {
                String name = in.nextName();
                switch (name) {
                    case "title" -> title = string(in, "title");
                    case "columns" -> columns = columns(in);
                    case "rows" -> rows = rows(in);
                    default -> throw WorkerException.terminal("unknown field '" + name
                            + "'; expected title, columns, rows");
                }
            }
            in.endObject();
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw WorkerException.terminal("invalid JSON: text after the dataset object");
            }
            if (columns == null || rows == null) {
                throw WorkerException.terminal("the dataset needs \"columns\" and \"rows\"");
            }
            return new Dataset(title, columns, rows);
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw WorkerException.terminal("invalid JSON dataset: " + e.getMessage());
        }
    }

    private static List<String> columns(JsonReader in) throws IOException, WorkerException {
        expect(in, JsonToken.BEGIN_ARRAY, "\"columns\" must be an array of strings");
        List<String> columns = new ArrayList<>();
        in.beginArray();
        while (in.hasNext()) {
            columns.add(string(in, "each column name"));
        }
        in.endArray();
        return columns;
    }

    private List<List<Object>> rows(JsonReader in) throws IOException, WorkerException {
        expect(in, JsonToken.BEGIN_ARRAY, "\"rows\" must be an array of arrays");
        List<List<Object>> rows = new ArrayList<>();
        in.beginArray();
        while (in.hasNext()) {
            if (rows.size() == maxRows) {
                throw DatasetReader.tooManyRows(maxRows);
            }
            expect(in, JsonToken.BEGIN_ARRAY, "row " + (rows.size() + 1) + " is not an array");
            List<Object> row = new ArrayList<>();
            in.beginArray();
            while (in.hasNext()) {
                row.add(cell(in, rows.size() + 1));
            }
            in.endArray();
            rows.add(row);
        }
        in.endArray();
        return rows;
    }

    private static Object cell(JsonReader in, int row) throws IOException, WorkerException {
        return switch (in.peek()) {
            case NUMBER -> in.nextDouble();
            case STRING -> in.nextString();
            case BOOLEAN -> Boolean.toString(in.nextBoolean());
            case NULL -> {
                in.nextNull();
                yield null;
            }
            default -> throw WorkerException.terminal("row " + row
                    + " has a cell that is not a string, number, boolean or null");
        };
    }

    private static String string(JsonReader in, String what) throws IOException, WorkerException {
        expect(in, JsonToken.STRING, what + " must be a string");
        return in.nextString();
    }

    private static void expect(JsonReader in, JsonToken token, String message) throws IOException, WorkerException {
        if (in.peek() != token) {
            throw WorkerException.terminal(message);
        }
    }
}
