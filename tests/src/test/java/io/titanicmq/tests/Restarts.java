package io.titanicmq.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each start of a crash test's server said about its journal: how many requests it re-queued
 * (requests without a stored outcome, so possibly executed again), and the journal warnings of the
 * recovery — torn tails (the record being written at the kill, cut off; expected) and corrupt
 * records anywhere else (a bug: kill -9 leaves the page cache intact).
 */
final class Restarts {

    private static final String TORN_TAIL = "Torn tail of journal segment";
    private static final String CORRUPT_RECORD = "Corrupt journal record";
    private static final Pattern JOURNAL_OPEN = Pattern.compile("open: \\d+ open requests .*?, (\\d+) segments, (\\d+) bytes");

    private final List<String> requeued = new ArrayList<>();
    private final List<String> corruptLines = new ArrayList<>();
    private final List<String> segments = new ArrayList<>();
    private int tornTails;
    private long startNanos;
    private int starts;

    /** Starts the server, timing it. */
    DistProcess start(Path work, String config) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        DistProcess server = DistProcess.start(work, config);
        startNanos += System.nanoTime() - t0;
        starts++;
        return server;
    }

    /** Reads a start's log, after its kill (or once it has recovered). */
    void record(DistProcess server) throws IOException {
        OptionalInt n = server.recoveredAtStart();
        requeued.add(n.isPresent() ? String.valueOf(n.getAsInt()) : "killed-before-ready");
        String log = server.logText();
        Matcher open = JOURNAL_OPEN.matcher(log);
        segments.add(open.find() ? open.group(1) + "/" + Long.parseLong(open.group(2)) / 1024 + "KiB" : "?");
        for (String line : log.lines().toList()) {
            if (line.contains(TORN_TAIL)) {
                tornTails++;
            } else if (line.contains(CORRUPT_RECORD)) {
                corruptLines.add(line);
            }
        }
    }

    /** Re-queued counts, one per start. */
    List<String> requeued() {
        return requeued;
    }

    /** Segment files and their size at each start: bounded when compaction keeps up. */
    List<String> segments() {
        return segments;
    }

    int tornTails() {
        return tornTails;
    }

    /** The corrupt-record warnings of every start; must be none. */
    List<String> corruptRecords() {
        return corruptLines;
    }

    long averageStartMillis() {
        return starts == 0 ? 0 : startNanos / starts / 1_000_000;
    }
}
