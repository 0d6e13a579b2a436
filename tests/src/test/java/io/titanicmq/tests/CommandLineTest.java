package io.titanicmq.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code titanic} launcher as a user runs it: help, usage errors, configuration errors. */
@Timeout(120)
class CommandLineTest {

    @TempDir
    Path work;

    @Test
    void helpListsTheCommandsAndExitsZero() throws Exception {
        DistProcess.Result help = DistProcess.cli(Duration.ofSeconds(30), "--help");
        assertEquals(0, help.exitCode(), help.output());
        for (String command : new String[] {"server", "call", "request", "reply", "close", "status", "bench"}) {
            assertTrue(help.output().contains(command), command + " missing from:\n" + help.output());
        }
        assertEquals(0, DistProcess.cli(Duration.ofSeconds(30), "reply", "--help").exitCode());
    }

    @Test
    void usageErrorsExitTwoWithAMessage() throws Exception {
        DistProcess.Result bad = DistProcess.cli(Duration.ofSeconds(30), "reply", "../../etc/passwd");
        assertEquals(2, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("not a request id"), bad.output());
        assertEquals(2, DistProcess.cli(Duration.ofSeconds(30), "no-such-command").exitCode());
    }

    @Test
    void benchRefusesAnUnknownModeOrRateBeforeStartingAnything() throws Exception {
        DistProcess.Result mode = DistProcess.cli(Duration.ofSeconds(30), "bench", "--mode", "broker,speed");
        assertEquals(2, mode.exitCode(), mode.output());
        assertTrue(mode.output().contains("unknown --mode 'speed'"), mode.output());
        assertFalse(mode.output().contains("TitanicMQ bench:"), "refused before measuring:\n" + mode.output());
        DistProcess.Result rate = DistProcess.cli(Duration.ofSeconds(30), "bench", "--mode", "latency", "--rate", "0");
        assertEquals(2, rate.exitCode(), rate.output());
        assertTrue(rate.output().contains("--rate must be a positive number"), rate.output());
    }

    /** A short real run: each mode, and each latency run, on its own fresh embedded server; latency at a given rate. */
    @Test
    void benchPrintsAFigurePerModeFromAFreshServerEach() throws Exception {
        DistProcess.Result bench = DistProcess.cli(Duration.ofSeconds(100), "bench", "--mode", "broker,latency",
                "--rate", "200", "--runs", "1", "--duration", "1s", "--warmup", "1s");
        assertEquals(0, bench.exitCode(), bench.output());
        assertTrue(bench.output().matches("(?s).*broker \\(MDP echo round trips\\) +median +[\\d,]+ req/s.*"), bench.output());
        assertTrue(bench.output().matches("(?s).*titanic.request latency at 200 req/s +p50 [\\d.]+ ms, p99 [\\d.]+ ms"
                + " \\(medians of 1 runs; rate given;.*"), bench.output());
        assertTrue(bench.output().matches("(?s).*baseline: bare group commit at 200 req/s +p50 [\\d.]+ ms, p99 [\\d.]+ ms"
                + " \\(medians of 1 runs; p99 ratio [\\d.]+x\\).*"), bench.output());
        assertEquals(3, bench.output().split("TitanicMQ started", -1).length - 1,
                "one server for broker, one for latency's warm-up and one for its run:\n" + bench.output());
    }

    @Test
    void clientCommandsExitThreeWhenNoServerAnswers() throws Exception {
        String nobody = "tcp://127.0.0.1:1";
        for (String[] args : new String[][] {
                {"request", "--broker", nobody, "--timeout", "200ms", "--retries", "0", "echo", "x"},
                {"reply", "--broker", nobody, "--timeout", "200ms", "--retries", "0", "0123456789abcdef0123456789abcdef"},
                {"close", "--broker", nobody, "--timeout", "200ms", "--retries", "0", "0123456789abcdef0123456789abcdef"},
                {"status", "--broker", nobody, "--timeout", "200ms", "--retries", "0"}}) {
            DistProcess.Result result = DistProcess.cli(Duration.ofSeconds(60), args);
            assertEquals(3, result.exitCode(), String.join(" ", args) + ":\n" + result.output());
        }
    }

    @Test
    void aBadConfigValueStopsTheServerNamingFileLineAndKey() throws Exception {
        Path conf = work.resolve("bad.conf");
        Files.writeString(conf, "titanic {\n  workers {\n    concurrency = many\n  }\n}\n");
        DistProcess.Result result = DistProcess.cli(Duration.ofSeconds(60), "server", "--config", conf.toString());
        assertEquals(78, result.exitCode(), result.output());
        assertTrue(result.output().contains("bad.conf: 3"), result.output());
        assertTrue(result.output().contains("concurrency"), result.output());
    }

    /**
     * {@code bin/titanic} runs the JVM under SCHED_BATCH (sched(7); JeroMQ's receivers spin when a
     * waking thread preempts its sender, see the launcher) unless {@code TITANIC_SCHED=normal}; any
     * other value is refused before Java starts.
     */
    @Test
    void theLauncherRunsTheServerUnderBatchSchedulingUnlessToldNotTo() throws Exception {
        try (DistProcess server = DistProcess.start(work.resolve("batch"), "")) {
            assertEquals(Set.of(SCHED_BATCH), policies(server.process().pid()));
        }
        try (DistProcess server = DistProcess.start(work.resolve("normal"), "", "tcp://127.0.0.1:*",
                List.of("env", "TITANIC_SCHED=normal"))) {
            assertEquals(Set.of(SCHED_OTHER), policies(server.process().pid()));
        }
        DistProcess.Result bad = DistProcess.cli(Map.of("TITANIC_SCHED", "fast"), Duration.ofSeconds(30), "--help");
        assertEquals(2, bad.exitCode(), bad.output());
        assertEquals("titanic: TITANIC_SCHED must be batch or normal, not 'fast'\n", bad.output());
    }

    private static final int SCHED_OTHER = 0;
    private static final int SCHED_BATCH = 3;

    /** The scheduling policy of each thread of a process: field 41 of /proc/PID/task/TID/stat (proc(5)). */
    private static Set<Integer> policies(long pid) throws IOException {
        Set<Integer> policies = new TreeSet<>();
        List<Path> threads;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            threads = tasks.toList();
        }
        for (Path thread : threads) {
            String stat;
            try {
                stat = Files.readString(thread.resolve("stat"));
            } catch (NoSuchFileException ended) {
                continue; // the thread ended between the listing and the read: it has no policy to check
            }
            // the name (field 2) is in parentheses and may hold spaces; fields from 3 on follow it
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            policies.add(Integer.parseInt(fields[41 - 3]));
        }
        assertFalse(policies.isEmpty(), "no threads listed for " + pid);
        return policies;
    }

    @Test
    void anUnknownKeyStopsTheServer() throws Exception {
        Path conf = work.resolve("typo.conf");
        Files.writeString(conf, "titanic.broker.heartbeat-intervall = 1s\n");
        DistProcess.Result result = DistProcess.cli(Duration.ofSeconds(60), "server", "--config", conf.toString());
        assertEquals(78, result.exitCode(), result.output());
        assertTrue(result.output().contains("heartbeat-intervall"), result.output());
    }
}
