package io.titanicmq.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.titanicmq.api.client.ReplyResult;
import io.titanicmq.api.client.TitanicClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the server process with requests the worker cannot serve yet; the many kill -9
 * cycles under mixed load are {@link MixedLoadCrashCyclesTest}.
 */
@Timeout(300)
class CrashRecoveryTest {

    @TempDir
    Path work;

    @Test
    void poisonRequestsSurviveRestartAndStopNothing() throws Exception {
        String empty;
        String later;
        try (DistProcess server = DistProcess.start(work, "");
             TitanicClient titanic = new TitanicClient(server.endpoint())) {
            empty = titanic.request("echo", List.of());
            later = titanic.request("echo", List.of("after-poison".getBytes(StandardCharsets.UTF_8)));
            server.kill();
        }
        Files.copy(PluginDropEndToEndTest.echoJar(), work.resolve("plugins/echo.jar"));
        try (DistProcess server = DistProcess.start(work, "");
             TitanicClient titanic = new TitanicClient(server.endpoint())) {
            ReplyResult r1 = titanic.waitForReply(empty, Duration.ofSeconds(30));
            assertEquals(ReplyResult.Kind.READY, r1.kind(), r1.toString());
            List<byte[]> frames = ((ReplyResult.Ready) r1).frames();
            assertEquals(1, frames.size());
            assertEquals(0, frames.get(0).length, "an empty request travels to the worker as one empty frame");
            ReplyResult r2 = titanic.waitForReply(later, Duration.ofSeconds(30));
            assertEquals("after-poison", new String(((ReplyResult.Ready) r2).frames().get(0), StandardCharsets.UTF_8));
        }
    }
}
