package io.titanicmq.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every report; {@link #assertClean()} fails a test that did not expect any. */
final class RecordingMonitor implements StoreMonitor {

    /** One report. */
    record Report(String kind, Path segment, long offset, String detail) {
    }

    final List<Report> reports = new CopyOnWriteArrayList<>();

    @Override
    public void corruptRecord(Path segment, long offset, String reason) {
        reports.add(new Report("corrupt", segment, offset, reason));
    }

    @Override
    public void tornTail(Path segment, long offset, long bytesDropped) {
        reports.add(new Report("torn", segment, offset, bytesDropped + " bytes"));
    }

    @Override
    public void storeFailed(Path dir, Throwable cause) {
        reports.add(new Report("failed", dir, -1, String.valueOf(cause)));
    }

    @Override
    public void storeRecovered(Path dir, java.time.Duration failedFor) {
        reports.add(new Report("recovered", dir, -1, failedFor.toString()));
    }

    List<Report> of(String kind) {
        return reports.stream().filter(r -> r.kind().equals(kind)).toList();
    }

    void assertClean() {
        assertEquals(List.of(), reports, "unexpected store reports");
    }
}
