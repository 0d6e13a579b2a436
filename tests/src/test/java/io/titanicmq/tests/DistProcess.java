package io.titanicmq.tests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unpacked dist ({@code dist/target/titanicmq}) started as a real process with
 * {@code bin/titanic}, on a data and plugins directory of the test's own and a broker bound to
 * a free loopback port ({@code tcp://127.0.0.1:*}, read back from the log).
 */
final class DistProcess implements AutoCloseable {

    private static final Pattern BOUND = Pattern.compile("broker bound to (tcp://127\\.0\\.0\\.1:\\d+)");
    private static final Pattern RECOVERED = Pattern.compile("(\\d+) recovered request\\(s\\) re-queued");

    private final Path home;
    private final Path workDir;
    private final Path log;
    private final Process process;
    private String endpoint;

    private DistProcess(Path home, Path workDir, Path log, Process process) {
        this.home = home;
        this.workDir = workDir;
        this.log = log;
        this.process = process;
    }

    /** The unpacked dist the build made. */
    static Path home() {
        Path home = Path.of(System.getProperty("titanic.dist.home", "../dist/target/titanicmq"));
        if (!Files.isExecutable(home.resolve("bin/titanic"))) {
            throw new IllegalStateException("no dist at " + home.toAbsolutePath() + ": run mvn verify from the top");
        }
        return home;
    }

    /**
     * Starts {@code bin/titanic server} and waits until its broker is bound.
     *
     * @param workDir holds data/, plugins/, server.conf and the log
     * @param extraConfig HOCON appended to the test's config (e.g. short heartbeats)
     */
    static DistProcess start(Path workDir, String extraConfig) throws IOException, InterruptedException {
        return start(workDir, extraConfig, "tcp://127.0.0.1:*");
    }

    static DistProcess start(Path workDir, String extraConfig, String endpoint) throws IOException, InterruptedException {
        return start(workDir, extraConfig, endpoint, List.of());
    }

    /**
     * As {@link #start(Path, String, String)}, with {@code launcher} put before the command (e.g.
     * {@code ip netns exec NAME} to run the server in a network namespace).
     */
    static DistProcess start(Path workDir, String extraConfig, String endpoint, List<String> launcher)
            throws IOException, InterruptedException {
        Path home = home();
        Files.createDirectories(workDir.resolve("plugins"));
        Path conf = workDir.resolve("server.conf");
        Files.writeString(conf, "titanic.broker.heartbeat-interval = 250ms\n"
                + "titanic.workers.heartbeat-interval = 250ms\n"
                + "titanic.plugin-host.settle-time = 200ms\n"
                + extraConfig + "\n");
        Path log = workDir.resolve("server-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(home.resolve("bin/titanic").toString(), "server", "--config", conf.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("TITANIC_ENDPOINT", endpoint);
        env.put("TITANIC_DATA_DIR", workDir.resolve("data").toString());
        env.put("TITANIC_PLUGINS_DIR", workDir.resolve("plugins").toString());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        DistProcess server = new DistProcess(home, workDir, log, builder.start());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.boundEndpoint().isPresent() || !server.process.isAlive());
        Optional<String> bound = server.boundEndpoint();
        if (bound.isEmpty()) {
            server.kill();
            throw new IllegalStateException("server did not start:\n" + server.logText());
        }
        server.endpoint = bound.get();
        return server;
    }

    private Optional<String> boundEndpoint() throws IOException {
        Matcher m = BOUND.matcher(logText());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The broker endpoint clients connect to. */
    String endpoint() {
        return endpoint;
    }

    Path pluginsDir() {
        return workDir.resolve("plugins");
    }

    Path dataDir() {
        return workDir.resolve("data");
    }

    Process process() {
        return process;
    }

    /** Everything the server printed so far. */
    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** How many requests Titanic re-queued from the journal at start, once it logged it. */
    OptionalInt recoveredAtStart() throws IOException {
        Matcher m = RECOVERED.matcher(logText());
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** Waits until Titanic has re-queued what it recovered and returns how many that was. */
    int awaitRecovered() {
        return await().atMost(Duration.ofSeconds(30)).until(this::recoveredAtStart, OptionalInt::isPresent).getAsInt();
    }

    /** Runs {@code bin/titanic ARGS...} as a separate client process and returns exit code and output. */
    static Result cli(Duration timeout, String... args) throws IOException, InterruptedException {
        return cli(Map.of(), timeout, args);
    }

    /** As {@link #cli(Duration, String...)}, with {@code env} added to the process's environment. */
    static Result cli(Map<String, String> env, Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home().resolve("bin/titanic").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("titanic-cli", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            Process p = builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("titanic " + String.join(" ", args) + " did not end within " + timeout
                        + ":\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Exit code and combined output of a command. */
    record Result(int exitCode, String output) {
    }

    /** SIGKILL, no shutdown hook: the crash tests' kill -9. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
