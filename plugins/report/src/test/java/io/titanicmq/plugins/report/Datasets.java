package io.titanicmq.plugins.report;

import java.util.Locale;

/** Test datasets built in code. */
final class Datasets {

    private Datasets() {
    }

    /** A JSON dataset of {@code rows} rows: name ("item i"), category ("cat i%10") and qty (i). */
    static String items(String title, int rows) {
        StringBuilder sb = new StringBuilder("{\"title\": \"" + title + "\", \"columns\": [\"name\", \"category\", \"qty\"], \"rows\": [");
        for (int i = 0; i < rows; i++) {
            sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "[\"item %d\", \"cat %d\", %d]", i, i % 10, i));
        }
        return sb.append("]}").toString();
    }
}
