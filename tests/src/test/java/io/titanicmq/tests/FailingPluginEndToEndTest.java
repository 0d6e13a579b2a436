package io.titanicmq.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.api.protocol.Tsp;
import io.titanicmq.tests.fixtures.BrokenConstructorWorker;
import io.titanicmq.tests.fixtures.ThrowingWorker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A plug-in that throws, in its constructor or its handler, takes down nothing else. */
@Timeout(120)
class FailingPluginEndToEndTest {

    @TempDir
    Path work;

    @Test
    void brokenAndThrowingPluginsDoNotStopServerOrOtherServices() throws Exception {
        try (DistProcess server = DistProcess.start(work, "");
             MajordomoClient client = new MajordomoClient(server.endpoint())) {
            PluginJars.build(server.pluginsDir().resolve("broken.jar"), "broken", BrokenConstructorWorker.class);
            PluginJars.build(server.pluginsDir().resolve("throws.jar"), "throws", ThrowingWorker.class);
            Files.copy(PluginDropEndToEndTest.echoJar(), server.pluginsDir().resolve("echo.jar"));

            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "200".equals(PluginDropEndToEndTest.mmiService(client, "echo"))
                            && "200".equals(PluginDropEndToEndTest.mmiService(client, "test.throws")));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.logText().contains("constructor failure on purpose"));
            assertEquals("404", PluginDropEndToEndTest.mmiService(client, "test.broken"));

            for (int i = 0; i < 3; i++) {
                List<byte[]> failure = client.call("test.throws", "x");
                assertEquals(Tsp.FAILURE_MARKER, new String(failure.get(0), StandardCharsets.UTF_8));
                assertTrue(new String(failure.get(2), StandardCharsets.UTF_8).contains("handler failure on purpose"));
            }
            assertEquals(List.of("still", "here"), PluginDropEndToEndTest.text(client.call("echo", "still", "here")));
            assertTrue(server.process().isAlive());
        }
    }
}
