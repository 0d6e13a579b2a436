package io.titanicmq.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.tests.fixtures.SlowWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress and cancel over the dist as a real process: a plug-in worker reports progress that
 * {@code titanic.status} shows; {@code titanic.cancel} stops it at the worker (which sees
 * {@code isCancelled()}) and the request ends {@code 410 cancelled}; a queued request is cancelled
 * before any worker takes it.
 */
@Timeout(120)
class ProgressCancelEndToEndTest {

    private static final Pattern PROGRESS = Pattern.compile("\"progress\":([0-9.]+)");
    private static final Duration CLI = Duration.ofSeconds(30);

    @TempDir
    Path work;

    /**
     * {@code titanic reply --wait} on a terminal draws a live progress bar: run it under
     * util-linux {@code script}, which gives it a pseudo-terminal, and read what it drew.
     */
    @Test
    void replyWaitOnATerminalDrawsALiveProgressBar() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script gives the CLI a terminal");
        Path markers = Files.createDirectories(work.resolve("markers"));
        try (DistProcess server = DistProcess.start(work, "");
             MajordomoClient client = new MajordomoClient(server.endpoint())) {
            PluginJars.build(server.pluginsDir().resolve("slow.jar"), "slow", SlowWorker.class);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "200".equals(PluginDropEndToEndTest.mmiService(client, "test.slow")));
            String id = submit(client, "test.slow", markers.toString(), "3");
            String command = DistProcess.home().resolve("bin/titanic").toAbsolutePath() + " reply --broker "
                    + server.endpoint() + " " + id + " --wait 60s";
            Path screen = work.resolve("screen.txt");
            Process p = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null")
                    .redirectErrorStream(true).redirectOutput(screen.toFile()).start();
            assertTrue(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS), "reply --wait did not end");
            String drawn = Files.readString(screen);
            assertEquals(0, p.exitValue(), drawn);
            assertTrue(drawn.contains("[#") && drawn.contains("%") && drawn.contains("elapsed"), "no progress bar:\n" + drawn);
            assertTrue(drawn.contains("finished"), "the reply after the bar:\n" + drawn);
        }
    }

    @Test
    void runningRequestShowsProgressAndIsCancelledAtItsWorker() throws Exception {
        Path markers = Files.createDirectories(work.resolve("markers"));
        try (DistProcess server = DistProcess.start(work, "");
             MajordomoClient client = new MajordomoClient(server.endpoint())) {
            PluginJars.build(server.pluginsDir().resolve("slow.jar"), "slow", SlowWorker.class);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "200".equals(PluginDropEndToEndTest.mmiService(client, "test.slow")));

            String id = submit(client, "test.slow", markers.toString(), "60");
            AtomicReference<String> running = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                String json = status(client, id);
                running.set(json);
                return json.contains("\"running\":true") && progress(json) > 0;
            });
            String json = running.get();
            assertTrue(json.contains("\"state\":\"pending\""), json);
            assertTrue(json.contains("\"message\":\"step "), json);
            assertTrue(json.contains("\"elapsed-ms\":") && json.contains("\"eta-ms\":"), json);
            DistProcess.Result shown = DistProcess.cli(CLI, "status", "--broker", server.endpoint(), id);
            assertEquals(0, shown.exitCode(), shown.output());
            assertTrue(shown.output().contains("\"running\":true"), shown.output());

            DistProcess.Result cancel = DistProcess.cli(CLI, "cancel", "--broker", server.endpoint(), id);
            assertEquals(0, cancel.exitCode(), cancel.output());
            assertEquals(List.of("410 cancelled"), awaitReply(client, id));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(markers.resolve("cancelled-" + id)));
            assertTrue(status(client, id).contains("\"state\":\"failed\",\"reason\":\"cancelled\""), status(client, id));

            assertEquals(List.of("200"), call(client, "titanic.cancel", id), "cancelling an ended request keeps its outcome");
            assertEquals(List.of("410 cancelled"), call(client, "titanic.reply", id));
            DistProcess.Result reply = DistProcess.cli(CLI, "reply", "--broker", server.endpoint(), id);
            assertEquals(6, reply.exitCode(), reply.output());

            String next = submit(client, "test.slow", markers.toString(), "0.3");
            assertEquals(List.of("200", "finished 3"), awaitReply(client, next), "the worker serves again");
            assertTrue(server.process().isAlive());
        }
    }

    @Test
    void queuedRequestIsCancelledAndUnknownIdsAreRefused() throws Exception {
        try (DistProcess server = DistProcess.start(work, "");
             MajordomoClient client = new MajordomoClient(server.endpoint())) {
            String id = submit(client, "test.nobody", "x");
            String json = status(client, id);
            assertTrue(json.contains("\"running\":false"), json);

            assertEquals(List.of("200"), call(client, "titanic.cancel", id));
            assertEquals(List.of("410 cancelled"), call(client, "titanic.reply", id));
            assertEquals(0, (long) stat(client, "\"queued\""), "nothing left queued: " + call(client, "titanic.status"));

            assertEquals(List.of("400"), call(client, "titanic.cancel", "0123456789abcdef0123456789abcdef"));
            assertEquals(List.of("400"), call(client, "titanic.cancel", "../../etc/passwd"));
            assertEquals(List.of("200"), call(client, "titanic.close", id));
            assertEquals(List.of("400"), call(client, "titanic.cancel", id), "a closed request is unknown");
            DistProcess.Result unknown = DistProcess.cli(CLI, "cancel", "--broker", server.endpoint(), id);
            assertEquals(5, unknown.exitCode(), unknown.output());
        }
    }

    private static long stat(MajordomoClient client, String field) throws ClientException {
        String all = call(client, "titanic.status").get(1);
        Matcher m = Pattern.compile(Pattern.quote(field) + ":(\\d+)").matcher(all);
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    static List<String> call(MajordomoClient client, String service, String... frames) throws ClientException {
        return PluginDropEndToEndTest.text(client.call(service, frames));
    }

    static String submit(MajordomoClient client, String service, String... body) throws ClientException {
        List<String> frames = new ArrayList<>(List.of(service));
        frames.addAll(List.of(body));
        List<String> answer = call(client, "titanic.request", frames.toArray(String[]::new));
        assertEquals("200", answer.get(0), answer.toString());
        return answer.get(1);
    }

    static String status(MajordomoClient client, String id) throws ClientException {
        List<String> answer = call(client, "titanic.status", id);
        assertEquals("200", answer.get(0), answer.toString());
        return answer.get(1);
    }

    static double progress(String statusJson) {
        Matcher m = PROGRESS.matcher(statusJson);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    static List<String> awaitReply(MajordomoClient client, String id) {
        return awaitReply(client, id, Duration.ofSeconds(30));
    }

    static List<String> awaitReply(MajordomoClient client, String id, Duration atMost) {
        AtomicReference<List<String>> out = new AtomicReference<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<String> r = call(client, "titanic.reply", id);
            out.set(r);
            return !r.get(0).equals("300");
        });
        return out.get();
    }
}
