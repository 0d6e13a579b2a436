package io.titanicmq.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network faults between a worker and the broker. The dist server and two external pyzmq workers
 * ({@code mdp_hold_worker.py}) run in a {@link NetworkNamespace} of the test's own, on its
 * loopback; the faults hit only worker A's connections (B's and the client's are untouched). The
 * client is a {@link NamespaceClient} process in the namespace too.
 */
@Timeout(240)
class NetworkFaultTest {

    private static final int MAX_ATTEMPTS = 5;
    private static final String CONFIG = "titanic.dispatcher.retry-backoff = 200ms\n"
            + "titanic.dispatcher.max-attempts = " + MAX_ATTEMPTS + "\n";
    private static final String SERVICE = "net.hold";

    @TempDir
    Path work;

    private NetworkNamespace ns;
    private final List<Process> processes = new ArrayList<>();
    private final Map<Process, Path> clientLogs = new HashMap<>();

    @BeforeEach
    void namespace() throws Exception {
        ns = NetworkNamespace.create();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void aPartitionedWorkerIsDroppedByHeartbeatAndItsRequestIsServedByAnother() throws Exception {
        try (DistProcess server = DistProcess.start(work, CONFIG, "tcp://127.0.0.1:*", ns.command())) {
            Path a = worker(server, "a", true, 5.0);
            Process client = client(server, "partition", 1, 60);
            await().atMost(Duration.ofSeconds(30)).until(() -> read(a).contains("start partition-1"));
            ns.partition();
            long partitioned = System.nanoTime();
            Path b = worker(server, "b", false, 0.2);
            String out = awaitClient(client, Duration.ofSeconds(60));
            long seconds = Duration.ofNanos(System.nanoTime() - partitioned).toMillis();
            long dropped = ns.droppedPackets();
            ns.heal();
            assertTrue(dropped > 0, "the partition dropped none of worker A's packets");

            assertTrue(out.contains("reply partition-1 PARTITION-1"), "reply after the partition:\n" + out);
            Map<String, Integer> starts = starts(a, b);
            assertTrue(read(b).contains("start partition-1"), "worker B never got the re-dispatched request");
            assertTrue(starts.get("partition-1") <= MAX_ATTEMPTS, "executions beyond the attempts: " + starts);
            int lost = count(server.logText(), "the worker was lost mid-request");
            assertTrue(lost >= 1, "the broker's heartbeat never declared worker A lost:\n" + server.logText());
            System.out.printf("network partition: worker A partitioned while holding the request; reply via worker B"
                    + " %d ms after the partition; executions %s; worker-lost re-dispatches %d; A's packets dropped %d%n",
                    seconds, starts, lost, dropped);
        }
    }

    @Test
    void lossAndDelayOnAWorkerLinkLoseNothingAndDuplicatesStayWithinTheAttempts() throws Exception {
        int requests = 40;
        try (DistProcess server = DistProcess.start(work, CONFIG, "tcp://127.0.0.1:*", ns.command())) {
            Path a = worker(server, "a", true, 0.5);
            Path b = worker(server, "b", false, 0.5);
            ns.loss(30);
            ns.throttle("8kbit");
            long started = System.nanoTime();
            String out = awaitClient(client(server, "lossy", requests, 150), Duration.ofSeconds(180));
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            long dropped = ns.droppedPackets();
            long throttled = ns.throttledPackets();
            ns.heal();
            assertTrue(dropped > 0 && throttled > 0, "the faults never touched worker A: dropped " + dropped
                    + ", throttled " + throttled);

            Map<String, Integer> starts = starts(a, b);
            for (int i = 1; i <= requests; i++) {
                assertTrue(out.contains("reply lossy-" + i + " LOSSY-" + i + "\n"), "lossy-" + i + " not served:\n" + out);
                assertTrue(starts.getOrDefault("lossy-" + i, 0) <= MAX_ATTEMPTS, "executions beyond the attempts: " + starts);
            }
            int executions = starts.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("network loss 30%% + 8kbit: %d requests all replied in %d ms; executions %d"
                            + " (duplicates %d, by A %d, by B %d, most per request %d); worker-lost re-dispatches %d;"
                            + " A's packets dropped %d, throttled %d%n",
                    requests, millis, executions, executions - requests, count(read(a), "start "), count(read(b), "start "),
                    starts.values().stream().mapToInt(Integer::intValue).max().orElse(0),
                    count(server.logText(), "the worker was lost mid-request"), dropped, throttled);
            assertEquals(requests, starts.size(), "requests executed: " + starts);
        }
    }

    /** Starts a hold worker in the namespace (with the faults when {@code faulty}); waits for its start. */
    private Path worker(DistProcess server, String name, boolean faulty, double holdSeconds) throws IOException {
        Path log = work.resolve("worker-" + name + ".log");
        String[] command = {PythonInteropTest.PYTHON, scriptDir().resolve("mdp_hold_worker.py").toString(),
            server.endpoint(), SERVICE, String.format(Locale.ROOT, "%.2f", holdSeconds), "200"};
        List<String> full = faulty ? ns.faultyCommand(command) : ns.command(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        await().atMost(Duration.ofSeconds(20)).until(() -> read(log).contains("ready") || !p.isAlive());
        assertTrue(p.isAlive(), "worker " + name + " did not start (python3-zmq installed?):\n" + read(log));
        return log;
    }

    private Process client(DistProcess server, String prefix, int count, int waitSeconds) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = work.resolve("client-" + prefix + ".log");
        Process p = new ProcessBuilder(ns.command(java.toString(), "-cp", System.getProperty("java.class.path"),
                NamespaceClient.class.getName(), server.endpoint(), SERVICE, prefix, String.valueOf(count),
                String.valueOf(waitSeconds)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        clientLogs.put(p, log);
        return p;
    }

    /** Waits for the client to end, asserts it got every reply, and returns what it printed. */
    private String awaitClient(Process client, Duration timeout) throws Exception {
        boolean ended = client.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        String out = read(clientLogs.get(client));
        assertTrue(ended, "the client did not end within " + timeout + ":\n" + out + "\n" + ns.describe());
        assertEquals(0, client.exitValue(), "the client did not get every reply:\n" + out + "\n" + ns.describe());
        return out;
    }

    /** How often each body was started by a worker, from the workers' logs. */
    private static Map<String, Integer> starts(Path... logs) throws IOException {
        Map<String, Integer> starts = new TreeMap<>();
        for (Path log : logs) {
            read(log).lines().filter(l -> l.startsWith("start ")).forEach(l -> starts.merge(l.substring(6), 1, Integer::sum));
        }
        return starts;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static Path scriptDir() {
        return Path.of(System.getProperty("titanic.python.dir", "src/test/python")).toAbsolutePath();
    }
}
