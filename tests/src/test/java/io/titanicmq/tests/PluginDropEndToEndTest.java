package io.titanicmq.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.MajordomoClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The dist as a real process: a plug-in jar dropped in becomes a live service, removed it goes away. */
@Timeout(120)
class PluginDropEndToEndTest {

    @TempDir
    Path work;

    @Test
    void droppingEchoJarMakesServiceLiveAndRemovingItTakesItAway() throws Exception {
        try (DistProcess server = DistProcess.start(work, "");
             MajordomoClient client = new MajordomoClient(server.endpoint())) {
            assertEquals("404", mmiService(client, "echo"), "no plug-in yet");

            Path jar = server.pluginsDir().resolve("echo.jar");
            Files.copy(echoJar(), jar, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "200".equals(mmiService(client, "echo")));

            List<byte[]> reply = client.call("echo", "hello", "world");
            assertEquals(List.of("hello", "world"), text(reply));

            Files.delete(jar);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "404".equals(mmiService(client, "echo")));
            assertTrue(server.process().isAlive(), "the same server process keeps running");
        }
    }

    @Test
    void cliCallPrintsReplyFramesAndFailsOnTimeout() throws Exception {
        Files.createDirectories(work.resolve("plugins"));
        Files.copy(echoJar(), work.resolve("plugins/echo.jar"));
        try (DistProcess server = DistProcess.start(work, "")) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    DistProcess.cli(Duration.ofSeconds(30), "call", "--broker", server.endpoint(), "mmi.service", "echo")
                            .output().contains("200"));
            DistProcess.Result echo = DistProcess.cli(Duration.ofSeconds(30), "call", "--broker", server.endpoint(), "echo", "hello", "world");
            assertEquals(0, echo.exitCode(), echo.output());
            assertTrue(echo.output().contains("hello\nworld\n"), echo.output());

            DistProcess.Result none = DistProcess.cli(Duration.ofSeconds(30), "call", "--broker", server.endpoint(),
                    "--timeout", "300ms", "--retries", "1", "no.such.service", "x");
            assertEquals(3, none.exitCode(), none.output());
        }
    }

    static String mmiService(MajordomoClient client, String service) throws ClientException {
        List<byte[]> reply = client.call("mmi.service", service);
        return new String(reply.get(0), StandardCharsets.UTF_8);
    }

    static List<String> text(List<byte[]> frames) {
        return frames.stream().map(f -> new String(f, StandardCharsets.UTF_8)).toList();
    }

    /** The echo plug-in jar the build made and the dist ships. */
    static Path echoJar() throws java.io.IOException {
        try (var files = Files.list(DistProcess.home().resolve("plugins"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("echo-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no echo jar in the dist's plugins/"));
        }
    }
}
