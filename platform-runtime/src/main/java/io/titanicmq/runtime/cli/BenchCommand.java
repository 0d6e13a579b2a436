package io.titanicmq.runtime.cli;

import io.titanicmq.runtime.config.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code titanic bench}: the project's benchmark; prints figures, asserts nothing. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures TitanicMQ with 64 requests in flight (by default) and prints medians of --runs runs:",
                "  broker  client -> broker -> echo workers -> client (7/MDP), req/s",
                "  accept  titanic.request stored and fsynced, req/s (at most 800,000 per run: they stay pending)",
                "  e2e     titanic.request -> echo -> reply stored -> titanic.reply fetched, req/s; each fetched",
                "          request is closed, the acknowledgement checked while the next job runs",
                "  e2e-close  the same with the close acknowledged inside each job (one more fsync in its path)",
                "  e2e-java  as e2e-close, through the Java client (MajordomoClient), req/s",
                "  latency titanic.request acceptance latency p50/p99 at half the accept peak (or --rate),",
                "          measured after a 2 s ramp on each fresh server; then a bare group commit (append,",
                "          fsync, no network) at the same rate: the floor any fsync-before-ack server has here",
                "  soak    --requests requests end to end; heap, open files and disk use as it goes",
                "  baseline  bare JeroMQ echo and one-fsync-per-record appends, for ratios",
                "Without --broker it starts its own server in this process, a fresh one on a temporary",
                "data directory for each mode and for each accept or latency run, with the echo plug-in",
                "from the installation's plugins/ (durable: fsync before every ack)."},
        footer = {"", "Examples:", "  titanic bench", "  titanic bench --mode accept --runs 5",
                "  titanic bench --mode latency --rate 2000",
                "  titanic bench --mode soak --requests 1000000"})
final class BenchCommand implements Callable<Integer> {

    /** The modes {@code --mode} takes. */
    private static final List<String> MODES = List.of("baseline", "broker", "accept", "e2e", "e2e-close", "e2e-java",
            "latency", "soak");

    @Option(names = "--mode", defaultValue = "baseline,broker,accept,e2e,e2e-close,latency", split = ",",
            description = "What to measure: baseline, broker, accept, e2e, e2e-close, e2e-java, latency, soak (default: ${DEFAULT-VALUE}).")
    List<String> modes = new ArrayList<>();

    @Option(names = "--runs", defaultValue = "3", description = "Runs per figure; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--in-flight", defaultValue = "64", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--duration", defaultValue = "5s", converter = DurationConverter.class,
            description = "Length of each run (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
            description = "Load of each measured kind before measuring, for the JIT (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--rate", paramLabel = "REQ/S",
            description = "Rate of the latency runs (default: half the accept peak, measured first).")
    Double rate;

    @Option(names = "--requests", defaultValue = "1000000", description = "Requests for soak (default: ${DEFAULT-VALUE}).")
    long requests;

    @Option(names = "--workers", defaultValue = "16",
            description = "Echo worker connections of the embedded server (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = {"-b", "--broker"}, paramLabel = "ENDPOINT",
            description = "Measure a running server instead of embedded ones; every mode then runs against it,"
                    + " each on what the earlier ones left (an accept backlog slows what follows).")
    String broker;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Plug-ins of the embedded server (default: the installation's plugins/).")
    Path plugins;

    @Override
    public Integer call() throws Exception {
        if (rate != null && !(rate > 0)) {
            throw new CommandFailure(ExitCodes.USAGE, "--rate must be a positive number of requests per second, not "
                    + rate, null);
        }
        List<String> kinds = modes.stream().map(String::trim).toList();
        for (String mode : kinds) {
            if (!MODES.contains(mode)) {
                throw new CommandFailure(ExitCodes.USAGE, "unknown --mode '" + mode + "' (" + String.join(", ", MODES) + ")",
                        null);
            }
        }
        if (broker != null) {
            try (Bench bench = new Bench(BenchTarget.remote(broker), null, inFlight, duration)) {
                header(bench.target().describe());
                bench.warmUp(kinds, warmup);
                for (String mode : kinds) {
                    measure(mode, bench);
                }
            }
            return ExitCodes.OK;
        }
        // A fresh embedded server for each figure, and for each accept or latency run (the JIT stays
        // warm: same JVM). The accept runs leave hundreds of thousands of never-served requests in
        // the heap; measured after them, end to end fell from ~15,000 to ~7,500 req/s here, which
        // was the backlog, not end to end.
        header("embedded server, a fresh one (temporary data dir) for each figure and each accept or latency run");
        Path plugins = pluginsDir();
        Bench.Targets embedded = () -> BenchTarget.embedded(plugins, workers);
        for (String mode : kinds) {
            try (Bench bench = new Bench(embedded.start(), embedded, inFlight, duration)) {
                bench.warmUp(List.of(mode), warmup);
                measure(mode, bench);
            }
            // measurement only: the closed server's heap (an accept backlog reaches hundreds of MiB)
            // goes now, not during the next figure's young collections
            System.gc();
        }
        return ExitCodes.OK;
    }

    private void header(String target) {
        System.out.printf(Locale.ROOT, "TitanicMQ bench: %s, %d in flight, %d run(s) of %s, %d cores, Java %s%n",
                target, inFlight, runs, duration, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
    }

    private void measure(String mode, Bench bench) throws Exception {
        switch (mode) {
            case "broker" -> report("broker (MDP echo round trips)", bench.medianOf(runs, bench::brokerRun), "req/s");
            case "accept" -> report("titanic.request accepted (fsynced)", bench.medianOf(runs, bench::acceptRun), "req/s");
            case "e2e" -> report("end to end (request, echo, reply stored, fetched)",
                    bench.medianOf(runs, bench::endToEndRun), "req/s");
            case "e2e-close" -> report("end to end with the close in each job",
                    bench.medianOf(runs, bench::endToEndWithCloseRun), "req/s");
            case "e2e-java" -> report("end to end via the Java client (socket per request)",
                    bench.medianOf(runs, bench::endToEndJavaClientRun), "req/s");
            case "latency" -> bench.latency(runs, rate);
            case "baseline" -> {
                report("baseline: bare JeroMQ ROUTER echo (no broker)", bench.medianOf(runs,
                        () -> Baselines.rawEcho(inFlight, duration)), "msg/s");
                report("baseline: one fsync per 200-byte record", bench.medianOf(runs,
                        () -> Baselines.fsyncPerRecord(bench.target().dataDir().orElse(Path.of(".")), duration)), "rec/s");
            }
            case "soak" -> bench.soak(requests);
            default -> throw new IllegalStateException("mode checked in call(): " + mode);
        }
    }

    private static void report(String what, Bench.Median median, String unit) {
        System.out.printf(Locale.ROOT, "%-52s median %,10.0f %s   runs %s%n", what, median.value(), unit, median.runsText());
    }

    private Path pluginsDir() throws ConfigurationException {
        if (plugins != null) {
            return plugins;
        }
        String home = System.getProperty("titanic.home");
        if (home == null) {
            throw new ConfigurationException("no --plugins given and no installation directory (-Dtitanic.home) known", null);
        }
        return Path.of(home, "plugins");
    }
}
