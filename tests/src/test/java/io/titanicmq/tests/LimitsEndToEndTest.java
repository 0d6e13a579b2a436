package io.titanicmq.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.titanicmq.api.client.MajordomoClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits and disk faults over the dist as a real process: when a limit or a full disk stops
 * acceptance, {@code titanic.request} answers {@code 500 <reason>}, reads, closes and status go
 * on, and acceptance resumes by itself once room returns. No worker serves {@code nobody}, so
 * its requests stay pending.
 */
@Timeout(120)
class LimitsEndToEndTest {

    @TempDir
    Path work;

    @Test
    void storeHighWaterMarkRefusesWithTheReasonReadsAndClosesGoOnAndAcceptanceResumesAfterCloses() throws Exception {
        String config = "titanic.limits.max-store-size = 48KiB\n"
                + "titanic.store.segment-size = 8KiB\n"
                + "titanic.store.compaction-interval = 300ms\n"
                + "titanic.store.compress-min-size = 0\n";
        try (DistProcess server = DistProcess.start(work, config);
             MajordomoClient client = new MajordomoClient(server.endpoint())) {
            String body = "x".repeat(2000);
            List<String> ids = new ArrayList<>();
            List<String> refused = null;
            for (int i = 0; i < 100 && refused == null; i++) {
                List<String> answer = call(client, "titanic.request", "nobody", body);
                if (answer.get(0).equals("200")) {
                    ids.add(answer.get(1));
                } else {
                    refused = answer;
                }
            }
            assertTrue(refused != null && refused.size() == 1
                    && refused.get(0).matches("500 store full: \\d+(\\.\\d)? KiB used of 48 KiB limit"
                            + " \\(titanic.limits.max-store-size\\)"), String.valueOf(refused));
            assertTrue(ids.size() >= 15, ids.size() + " stored before the limit");

            DistProcess.Result cli = DistProcess.cli(Duration.ofSeconds(30), "request", "--broker", server.endpoint(),
                    "nobody", "one more");
            assertEquals(1, cli.exitCode(), cli.output());
            assertTrue(cli.output().contains("store full"), cli.output());

            assertEquals(List.of("300"), call(client, "titanic.reply", ids.get(0)), "reads go on");
            List<String> status = call(client, "titanic.status");
            assertEquals("200", status.get(0));
            assertTrue(status.get(1).contains("\"admission\":{\"accepting\":false,\"reason\":\"store full"), status.get(1));

            for (String id : ids.subList(0, ids.size() - 1)) {
                assertEquals(List.of("200"), call(client, "titanic.close", id), "closes go on");
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> call(client, "titanic.request", "nobody", body).get(0).equals("200"));
            assertTrue(call(client, "titanic.status").get(1).contains("\"admission\":{\"accepting\":true"));
            assertEquals(List.of("300"), call(client, "titanic.reply", ids.get(ids.size() - 1)), "the open one survived");
            assertTrue(server.logText().contains("titanic.request refused: store full"), "logged for the operator");
            assertTrue(server.logText().contains("titanic.request accepting again"), "logged for the operator");
        }
    }

    @Test
    void pendingRequestSizeAndFrameLimitsAnswer500WithTheirReasons() throws Exception {
        String config = "titanic.limits.max-pending-per-service = 2\n"
                + "titanic.limits.max-request-size = 1KiB\n"
                + "titanic.broker.max-frames = 32\n";
        try (DistProcess server = DistProcess.start(work, config);
             MajordomoClient client = new MajordomoClient(server.endpoint())) {
            String first = call(client, "titanic.request", "nobody", "1").get(1);
            assertEquals("200", call(client, "titanic.request", "nobody", "2").get(0));
            assertEquals(List.of("500 too many pending requests for 'nobody': 2, limit 2"
                    + " (titanic.limits.max-pending-per-service)"), call(client, "titanic.request", "nobody", "3"));
            assertEquals("200", call(client, "titanic.request", "elsewhere", "a").get(0), "other services go on");

            assertEquals(List.of("500 request too large: 1025 bytes of body, limit 1024 bytes"
                    + " (titanic.limits.max-request-size)"), call(client, "titanic.request", "elsewhere", "y".repeat(1025)));
            String[] frames = new String[40];
            frames[0] = "elsewhere";
            java.util.Arrays.fill(frames, 1, frames.length, "f");
            // The body's 40 frames; the envelope [""][MDPC01][titanic.request] is not counted.
            assertEquals(List.of("500 too many frames: 40, limit 32 (titanic.broker.max-frames)"),
                    call(client, "titanic.request", frames));

            assertEquals(List.of("200"), call(client, "titanic.close", first));
            assertEquals("200", call(client, "titanic.request", "nobody", "3").get(0), "room again after a close");
        }
    }

    @Test
    void fullDiskStopsAcceptanceWithAClearReasonKeepsRepliesComputedMeanwhileAndResumesOnceSpaceIsFreed()
            throws Exception {
        Path mount = work.resolve("tmpfs");
        Files.createDirectories(mount);
        String mounted = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString());
        if (mounted != null) {
            fail("This test needs a 4 MiB tmpfs for a real full disk and could not mount one (run the tests as root,"
                    + " or in a container allowed to mount): " + mounted);
        }
        try {
            Path ballast = mount.resolve("ballast");
            Files.write(ballast, new byte[1 << 20]);
            String config = "titanic.store.dir = \"" + mount.resolve("journal") + "\"\n"
                    + "titanic.store.segment-size = 256KiB\n"
                    + "titanic.store.compress-min-size = 0\n"
                    + "titanic.limits.min-free-disk = 0\n";
            try (DistProcess server = DistProcess.start(work, config);
                 MajordomoClient client = new MajordomoClient(server.endpoint())) {
                // Accepted while no echo worker exists; their replies will come while the disk is full.
                List<String> echoIds = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    List<String> answer = call(client, "titanic.request", "echo", "echo " + i);
                    assertEquals("200", answer.get(0), answer.toString());
                    echoIds.add(answer.get(1));
                }
                String body = "z".repeat(16 * 1024);
                List<String> ids = new ArrayList<>();
                List<String> refused = null;
                for (int i = 0; i < 400 && refused == null; i++) {
                    List<String> answer = call(client, "titanic.request", "nobody", body);
                    if (answer.get(0).equals("200")) {
                        ids.add(answer.get(1));
                    } else {
                        refused = answer;
                    }
                }
                assertTrue(refused != null && refused.get(0).startsWith("500 ")
                        && refused.get(0).contains("No space left on device"), String.valueOf(refused));
                assertTrue(ids.size() > 20, ids.size() + " stored before the disk was full");
                // Take what the failed write left too, so no probe can succeed until the test frees space.
                Path filler = mount.resolve("filler");
                fillUp(filler);
                List<String> whileFull = call(client, "titanic.request", "nobody", body);
                assertTrue(whileFull.get(0).startsWith("500 ") && whileFull.get(0).contains("No space left on device"),
                        whileFull.toString());
                assertEquals(List.of("300"), call(client, "titanic.reply", ids.get(0)), "reads go on");
                assertTrue(call(client, "titanic.status").get(1).contains("\"accepting\":false"));

                Files.copy(PluginDropEndToEndTest.echoJar(), server.pluginsDir().resolve("echo.jar"));
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> server.logText().contains("could not store the reply"));
                Files.delete(ballast);
                Files.delete(filler);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> call(client, "titanic.request", "nobody", "small").get(0).equals("200"));
                assertEquals(List.of("200"), call(client, "titanic.close", ids.get(0)));
                assertTrue(server.logText().contains("recovered after"), "the store logged its recovery");
                for (String id : ids.subList(1, ids.size())) {
                    assertEquals(List.of("300"), call(client, "titanic.reply", id), "every acknowledged request is kept");
                }
                for (int i = 0; i < echoIds.size(); i++) {
                    String id = echoIds.get(i);
                    await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
                            .until(() -> !call(client, "titanic.reply", id).get(0).equals("300"));
                    assertEquals(List.of("200", "echo " + i), call(client, "titanic.reply", id),
                            "a reply computed while the disk was full is stored once it is not");
                }
            }
        } finally {
            String unmounted = run("umount", mount.toString());
            if (unmounted != null) {
                fail("could not unmount the test's tmpfs " + mount + ": " + unmounted);
            }
        }
    }

    /** Writes {@code file} until the file system is full. */
    private static void fillUp(Path file) throws IOException {
        byte[] chunk = new byte[4096];
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static List<String> call(MajordomoClient client, String service, String... frames) throws Exception {
        return PluginDropEndToEndTest.text(client.call(service, frames));
    }

    /** Runs a command; null when it succeeded, else its exit code and output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish within 30 s";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 ? null : String.join(" ", command) + " exited " + process.exitValue() + ": " + output;
    }
}
