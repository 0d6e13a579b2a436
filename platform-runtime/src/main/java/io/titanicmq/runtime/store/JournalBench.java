package io.titanicmq.runtime.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * Micro benchmark of the journal: durable (fsync on) 200-byte requests with a bounded number in
 * flight, like the Titanic request service. Prints the figure; asserts nothing.
 * Arguments: {@code [count] [concurrency] [dir]} (defaults 200000, 64, a temp directory).
 */
public final class JournalBench {

    private static final int BODY_SIZE = 200;

    private JournalBench() {
    }

    /** Runs the benchmark and prints durable records per second. */
    public static void main(String[] args) throws IOException, InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        boolean temp = args.length <= 2;
        Path dir = temp ? Files.createTempDirectory("journal-bench") : Path.of(args[2]);
        try {
            run(dir.resolve("warm-up"), Math.max(1, count / 5), concurrency);
            Result result = run(dir.resolve("measured"), count, concurrency);
            System.out.printf("JournalBench: %d durable %d-byte requests, %d in flight: %.0f records/s "
                            + "(%d fsyncs, %.1f records per fsync, %.1f ms)%n", count, BODY_SIZE, concurrency,
                    count / (result.nanos / 1e9), result.stats.fsyncs(),
                    (double) result.stats.records() / Math.max(1, result.stats.fsyncs()), result.nanos / 1e6);
        } finally {
            if (temp) {
                delete(dir);
            }
        }
    }

    private record Result(long nanos, StoreStats stats) {
    }

    private static Result run(Path dir, int count, int concurrency) throws IOException, InterruptedException {
        StoreSettings settings = StoreSettings.defaults(dir);
        try (RequestStore store = Stores.open(settings, StoreMonitor.logging())) {
            Semaphore inFlight = new Semaphore(concurrency);
            List<byte[]> body = List.of(new byte[BODY_SIZE]);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                inFlight.acquire();
                store.putRequest(RequestId.random(), "bench", body, null).whenComplete((ok, error) -> {
                    inFlight.release();
                    if (error != null) {
                        System.err.println("JournalBench: request failed: " + error);
                    }
                });
            }
            inFlight.acquire(concurrency);
            long nanos = System.nanoTime() - start;
            return new Result(nanos, store.stats());
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
