package io.titanicmq.runtime.cli;

import io.titanicmq.api.client.ClientOptions;
import io.titanicmq.api.client.MajordomoClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.zeromq.ZContext;

/** The benchmark runs behind {@code titanic bench}. Each run returns one figure. */
final class Bench implements AutoCloseable {

    /** A median and the runs it came from. */
    record Median(double value, double[] runs) {
        String runsText() {
            return Arrays.stream(runs).mapToObj(r -> String.format(Locale.ROOT, "%,.0f", r)).collect(Collectors.joining(" / "));
        }
    }

    /** One measured run. */
    interface Run {
        double run() throws Exception;
    }

    /** Starts the server a run measures: for the embedded bench a new one on a new data directory. */
    interface Targets {
        BenchTarget start() throws Exception;
    }

    /**
     * Most requests one accept run (or warm-up) sends: they all stay pending (no worker serves
     * their service), and past {@code titanic.limits.max-pending} (1,000,000 by default) Titanic
     * refuses new ones. At 220,000 req/s a 5 s run would reach it.
     */
    static final long MAX_ACCEPTED_PER_RUN = 800_000;

    private static final byte[] BODY = "x".repeat(200).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ECHO = "echo".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SINK = "bench.sink".getBytes(StandardCharsets.US_ASCII);
    private static final Executor POLL_DELAY = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);

    private BenchTarget target;
    private final Targets fresh;
    private final int inFlight;
    private final Duration duration;
    private final ZContext context = new ZContext();
    private MajordomoClient shared;
    private PipelinedLoad load;

    /**
     * @param target the server the runs measure; closed with this bench
     * @param fresh when not null, accept and latency runs each get a fresh server from it, so that
     *     no run measures the backlog an earlier one left (the JIT stays warm: same JVM)
     */
    Bench(BenchTarget target, Targets fresh, int inFlight, Duration duration) {
        this.target = target;
        this.fresh = fresh;
        this.inFlight = inFlight;
        this.duration = duration;
    }

    /** One long-lived client for every run (a socket per request, or a client per run, would measure connects). */
    private MajordomoClient client() {
        if (shared == null) {
            shared = new MajordomoClient(context, target.endpoint(),
                    ClientOptions.builder().slots(inFlight).timeout(Duration.ofSeconds(10)).retries(2).build());
        }
        return shared;
    }

    BenchTarget target() {
        return target;
    }

    @Override
    public void close() throws IOException {
        disconnect();
        context.close();
        if (target != null) {
            target.close();
        }
    }

    private void disconnect() {
        if (load != null) {
            load.close();
            load = null;
        }
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** With a {@link Targets}, replaces the server by a fresh one (and the old one's heap goes now). */
    private void freshTarget() throws Exception {
        if (fresh == null) {
            return;
        }
        disconnect();
        target.close();
        target = null;
        System.gc(); // measurement only: the closed server's backlog goes now, not during the next run
        target = fresh.start();
    }

    Median medianOf(int runs, Run run) throws Exception {
        double[] figures = new double[runs];
        for (int i = 0; i < runs; i++) {
            figures[i] = run.run();
        }
        double[] sorted = figures.clone();
        Arrays.sort(sorted);
        return new Median(sorted[runs / 2], figures);
    }

    /**
     * Runs the load of each measured kind for {@code length} before anything is measured, so the
     * JIT has compiled the paths being measured (on 2 cores C2 still takes a core 10 s into a
     * run) and the connections are up. At least a short echo and end-to-end run, as before.
     */
    void warmUp(java.util.Collection<String> modes, Duration length) {
        Duration brief = Duration.ofSeconds(2);
        load().closedLoop("echo", List.of(BODY), modes.contains("broker") ? length : brief);
        if (modes.contains("accept") || modes.contains("latency")) {
            load().closedLoop("titanic.request", List.of(SINK, BODY), length, MAX_ACCEPTED_PER_RUN);
        }
        load().endToEnd(ECHO, BODY, modes.contains("e2e") || modes.contains("e2e-close") ? length : brief, false);
    }

    private PipelinedLoad load() {
        if (load == null) {
            load = new PipelinedLoad(context, target.endpoint(), inFlight);
        }
        return load;
    }

    double brokerRun() {
        return load().closedLoop("echo", List.of(BODY), duration);
    }

    /** Accepted titanic.request per second, on a fresh server when there are {@link Targets}. */
    double acceptRun() throws Exception {
        freshTarget();
        return load().closedLoop("titanic.request", List.of(SINK, BODY), duration, MAX_ACCEPTED_PER_RUN);
    }

    /** End to end as DESIGN.md §8 defines it: request → echo → reply stored → fetched (closes in the background). */
    double endToEndRun() {
        return load().endToEnd(ECHO, BODY, duration, false);
    }

    /** End to end with the close acknowledged inside each job. */
    double endToEndWithCloseRun() {
        return load().endToEnd(ECHO, BODY, duration, true);
    }

    /** The same end-to-end loop through the Java client ({@link MajordomoClient}, one socket per request in flight). */
    double endToEndJavaClientRun() throws Exception {
        MajordomoClient c = client();
        return closedLoop(c, duration, () -> endToEnd(c));
    }

    /** request → poll titanic.reply until 200 → close. */
    private CompletableFuture<Void> endToEnd(MajordomoClient c) {
        return c.send("titanic.request", List.of(ECHO, BODY))
                .thenApply(Bench::expect200)
                .thenCompose(uuid -> fetch(c, uuid).thenCompose(r -> c.send("titanic.close", List.of(uuid))))
                .thenApply(r -> null);
    }

    private CompletableFuture<List<byte[]>> fetch(MajordomoClient c, byte[] uuid) {
        return c.send("titanic.reply", List.of(uuid)).thenCompose(r -> {
            String status = new String(r.get(0), StandardCharsets.US_ASCII);
            if (status.equals("200")) {
                return CompletableFuture.completedFuture(r);
            }
            if (status.equals("300")) {
                return CompletableFuture.supplyAsync(() -> null, POLL_DELAY).thenCompose(x -> fetch(c, uuid));
            }
            throw new IllegalStateException("titanic.reply answered " + status);
        });
    }

    private static byte[] expect200(List<byte[]> answer) {
        String status = new String(answer.get(0), StandardCharsets.US_ASCII);
        if (!status.equals("200")) {
            throw new IllegalStateException("titanic.request answered " + status);
        }
        return answer.get(1);
    }

    /** Keeps {@code inFlight} operations going for {@code length}; returns completed operations per second. */
    private double closedLoop(MajordomoClient c, Duration length, java.util.function.Supplier<CompletableFuture<?>> op)
            throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        while (System.nanoTime() < end) {
            if (!permits.tryAcquire(end - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                break;
            }
            op.get().whenComplete((r, e) -> {
                if (e == null) {
                    done.incrementAndGet();
                } else if (failed.getAndIncrement() == 0) {
                    System.err.println("bench: an operation failed: " + e);
                }
                permits.release();
            });
        }
        long counted = done.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        permits.acquire(inFlight);
        return counted / seconds;
    }

    /**
     * How long each latency run sends at its rate before it measures. Every run starts a fresh
     * server right after the bench's {@code System.gc()} shrank the heap, and G1 then takes one to
     * two seconds of the load to grow its young generation back: at 20,000 req/s here the first
     * second held 20-40 % slow requests and the rest 1 % (docs/benchmarks.md, 2026-12-07 fourth
     * session). A long-running server has no such start; the ramp keeps it out of the figure.
     */
    static final Duration LATENCY_RAMP = Duration.ofSeconds(2);

    /**
     * Acceptance latency, open loop, at {@code fixedRate} requests per second, or at half the accept
     * peak (measured first) when it is null; then the same rate through a bare group commit
     * ({@link Baselines#groupCommitLatencies}), the machine's floor for any fsync-before-ack server.
     */
    void latency(int runs, Double fixedRate) throws Exception {
        double peak = fixedRate == null ? acceptRun() : Double.NaN;
        double rate = fixedRate == null ? peak / 2 : fixedRate;
        int count = (int) Math.min(MAX_ACCEPTED_PER_RUN / 2, Math.max(1000, rate * duration.toSeconds()));
        int ramp = (int) Math.min(MAX_ACCEPTED_PER_RUN / 2, rate * LATENCY_RAMP.toSeconds());
        Percentiles titanic = new Percentiles(runs);
        Percentiles floor = new Percentiles(runs);
        for (int run = 0; run < runs; run++) {
            freshTarget();
            PipelinedLoad.OpenLoopResult result = load().openLoop("titanic.request", List.of(SINK, BODY), rate,
                    ramp + count);
            titanic.add(run, Arrays.copyOfRange(result.latencies(), ramp, ramp + count),
                    Arrays.copyOfRange(result.senderLate(), ramp, ramp + count));
        }
        Path dir = target.dataDir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        for (int run = 0; run < runs; run++) {
            floor.add(run, Baselines.groupCommitLatencies(dir, rate, ramp, count), null);
        }
        String at = String.format(Locale.ROOT, "%,.0f req/s", rate);
        System.out.printf(Locale.ROOT, "%-52s p50 %.2f ms, p99 %.2f ms (medians of %d runs; %s;"
                        + " sender late p99 %.2f ms; each after a %d s ramp)%n",
                "titanic.request latency at " + at, titanic.p50(), titanic.p99(), runs,
                Double.isNaN(peak) ? "rate given" : String.format(Locale.ROOT, "peak %,.0f req/s", peak),
                titanic.late99(), LATENCY_RAMP.toSeconds());
        System.out.printf(Locale.ROOT, "%-52s p50 %.2f ms, p99 %.2f ms (medians of %d runs; p99 ratio %.1fx)%n",
                "baseline: bare group commit at " + at, floor.p50(), floor.p99(), runs, titanic.p99() / floor.p99());
    }

    /** Per run p50, p99 and the sender's p99 lateness, in ms; their medians over the runs. */
    private static final class Percentiles {
        private final double[] p50;
        private final double[] p99;
        private final double[] late99;

        Percentiles(int runs) {
            p50 = new double[runs];
            p99 = new double[runs];
            late99 = new double[runs];
        }

        void add(int run, long[] latencies, long[] late) {
            p50[run] = percentile(latencies, 0.50);
            p99[run] = percentile(latencies, 0.99);
            late99[run] = late == null ? Double.NaN : percentile(late, 0.99);
        }

        private static double percentile(long[] values, double fraction) {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            return sorted[(int) (sorted.length * fraction)] / 1e6;
        }

        double p50() {
            return median(p50);
        }

        double p99() {
            return median(p99);
        }

        double late99() {
            return median(late99);
        }

        private static double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }
    }

    /** {@code total} requests end to end with close; resource figures every tenth. */
    void soak(long total) throws IOException {
        long step = Math.max(1, total / 10);
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "soak: %,d requests end to end (request, echo, reply, close), %d in flight%n",
                total, inFlight);
        printResources(0, start);
        long done = 0;
        while (done < total) {
            long chunk = Math.min(step, total - done);
            load().endToEnd(ECHO, BODY, Duration.ofDays(1), chunk, true);
            done += chunk;
            printResources(done, start);
        }
        System.out.printf(Locale.ROOT, "soak done: %,d requests in %.0f s, %,.0f req/s%n", done,
                (System.nanoTime() - start) / 1e9, done / ((System.nanoTime() - start) / 1e9));
        // compaction runs on its own (every titanic.store.compaction-interval, 5 s in the embedded
        // bench server): watch the data directory shrink for up to 30 s
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long before = target.dataDir().isPresent() ? diskUse(target.dataDir().get()) : 0;
        while (target.dataDir().isPresent() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1)); // pacing the report, not waiting for a result
            long now = diskUse(target.dataDir().get());
            if (now < before / 4) {
                break;
            }
        }
        printResources(done, start);
    }

    private void printResources(long n, long start) throws IOException {
        System.gc(); // measurement only: the heap figure after a collection is what "flat" means
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long fds = countFiles(Path.of("/proc/self/fd"));
        String disk = target.dataDir().map(d -> {
            try {
                return String.format(Locale.ROOT, "%,d KiB", diskUse(d) / 1024);
            } catch (IOException e) {
                return "unknown (" + e.getMessage() + ")";
            }
        }).orElse("n/a (remote)");
        System.out.printf(Locale.ROOT, "  %,10d requests  %6.1f s  heap %,7.1f MiB  open files %4d  data dir %s%n", n,
                (System.nanoTime() - start) / 1e9, heap / 1048576.0, fds, disk);
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private static long diskUse(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        List<Long> sizes = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> sizes.add(p.toFile().length()));
        }
        return sizes.stream().mapToLong(Long::longValue).sum();
    }
}
