package io.titanicmq.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disconnected promise with separate client processes: one process submits and exits, the
 * server works the queue (here: the worker only appears after the client left), and a new
 * process fetches the reply by id.
 */
@Timeout(120)
class OfflineClientTest {

    @TempDir
    Path work;

    @Test
    void replyIsFetchedByANewClientProcessAfterTheSubmitterExited() throws Exception {
        try (DistProcess server = DistProcess.start(work, "")) {
            String broker = server.endpoint();
            DistProcess.Result submitted = DistProcess.cli(Duration.ofSeconds(30), "request", "--broker", broker, "echo", "hello", "offline");
            assertEquals(0, submitted.exitCode(), submitted.output());
            String id = submitted.output().strip();
            assertTrue(id.matches("[0-9a-f]{32}"), id);

            DistProcess.Result pending = DistProcess.cli(Duration.ofSeconds(30), "reply", "--broker", broker, id);
            assertEquals(4, pending.exitCode(), "pending while no echo worker exists: " + pending.output());

            Files.copy(PluginDropEndToEndTest.echoJar(), server.pluginsDir().resolve("echo.jar"));
            DistProcess.Result reply = DistProcess.cli(Duration.ofSeconds(60), "reply", "--broker", broker, id, "--wait", "30s");
            assertEquals(0, reply.exitCode(), reply.output());
            assertEquals(List.of("hello", "offline"), reply.output().lines().toList());

            assertEquals(0, DistProcess.cli(Duration.ofSeconds(30), "close", "--broker", broker, id).exitCode());
            assertEquals(5, DistProcess.cli(Duration.ofSeconds(30), "reply", "--broker", broker, id).exitCode());
        }
    }

    @Test
    void batchRequestPrintsOneIdPerLineInOrder() throws Exception {
        Files.createDirectories(work.resolve("plugins"));
        Files.copy(PluginDropEndToEndTest.echoJar(), work.resolve("plugins/echo.jar"));
        Path batch = work.resolve("requests.txt");
        Files.writeString(batch, "# a comment\necho one\necho two\n\necho three\n");
        try (DistProcess server = DistProcess.start(work, "")) {
            DistProcess.Result ids = DistProcess.cli(Duration.ofSeconds(30), "request", "--broker", server.endpoint(),
                    "--batch", batch.toString());
            assertEquals(0, ids.exitCode(), ids.output());
            List<String> lines = ids.output().lines().toList();
            assertEquals(3, lines.size(), ids.output());
            String[] expected = {"one", "two", "three"};
            for (int i = 0; i < 3; i++) {
                DistProcess.Result reply = DistProcess.cli(Duration.ofSeconds(60), "reply", "--broker", server.endpoint(),
                        lines.get(i), "--wait", "20s");
                assertEquals(0, reply.exitCode(), reply.output());
                assertEquals(expected[i], reply.output().strip());
            }
        }
    }
}
