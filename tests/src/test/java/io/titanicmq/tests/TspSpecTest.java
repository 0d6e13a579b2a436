package io.titanicmq.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.api.client.MajordomoClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 9/TSP over the dist as a real process, one test per clause of the spec (quoted), plus the
 * inputs that break the Guide's Titanic: traversal strings, bad ids, empty requests.
 */
@Timeout(60)
class TspSpecTest {

    @TempDir
    static Path work;

    static DistProcess server;
    static MajordomoClient client;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(work.resolve("plugins"));
        Files.copy(PluginDropEndToEndTest.echoJar(), work.resolve("plugins/echo.jar"));
        server = DistProcess.start(work, "");
        client = new MajordomoClient(server.endpoint());
        await().atMost(Duration.ofSeconds(10)).until(() -> "200".equals(PluginDropEndToEndTest.mmiService(client, "echo")));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
    }

    static List<String> call(String service, String... frames) throws Exception {
        return PluginDropEndToEndTest.text(client.call(service, frames));
    }

    static String submit(String service, String... body) throws Exception {
        List<String> frames = new ArrayList<>(List.of(service));
        frames.addAll(List.of(body));
        List<String> answer = call("titanic.request", frames.toArray(String[]::new));
        assertEquals("200", answer.get(0), answer.toString());
        return answer.get(1);
    }

    static List<String> awaitReply(String uuid) {
        List<List<String>> out = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            List<String> r = call("titanic.reply", uuid);
            if (r.get(0).equals("300")) {
                return false;
            }
            out.add(r);
            return true;
        });
        return out.get(0);
    }

    // "titanic.request: the client sends a request ... [service name] [request body...]; Titanic
    //  responds with [200 | 500] [UUID]" — the UUID is 32 hex characters.
    @Test
    void requestIsAnsweredWith200AndA32HexUuid() throws Exception {
        String uuid = submit("echo", "hello");
        assertTrue(uuid.matches("[0-9a-f]{32}"), uuid);
    }

    // "titanic.reply: ... Titanic responds with [200 | 300 | 400 | 500] [reply body...]";
    // 200 carries the worker's reply.
    @Test
    void replyReturns200WithTheWorkersReplyOnceDone() throws Exception {
        String uuid = submit("echo", "hello", "world");
        assertEquals(List.of("200", "hello", "world"), awaitReply(uuid));
    }

    // 300: "the reply is not yet available" — a request for a service with no worker stays pending.
    @Test
    void replyIs300WhileNoWorkerHasAnswered() throws Exception {
        String uuid = submit("nobody.serves.this", "x");
        assertEquals(List.of("300"), call("titanic.reply", uuid));
    }

    // 400: "the request does not exist" — unknown uuid.
    @Test
    void replyIs400ForAnUnknownUuid() throws Exception {
        assertEquals(List.of("400"), call("titanic.reply", "0123456789abcdef0123456789abcdef"));
    }

    // "titanic.close: ... Titanic responds with [200]"; afterwards the request is gone (400), and
    // closing again is fine (idempotent), as is closing an unknown uuid.
    @Test
    void closeIs200AndIdempotentAndForgetsTheReply() throws Exception {
        String uuid = submit("echo", "bye");
        awaitReply(uuid);
        assertEquals(List.of("200"), call("titanic.close", uuid));
        assertEquals(List.of("400"), call("titanic.reply", uuid));
        assertEquals(List.of("200"), call("titanic.close", uuid));
        assertEquals(List.of("200"), call("titanic.close", "00000000000000000000000000000000"));
    }

    // Anything that is not a well-formed uuid is 400 and never touches the file system.
    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "../../../x", "0123456789abcdef", "0123456789abcdef0123456789abcdeg",
            "01234567-89ab-cdef-0123-456789abcdef", "", "0123456789abcdef0123456789abcdef0"})
    void malformedUuidsAre400ForReplyAndClose(String bad) throws Exception {
        assertEquals(List.of("400"), call("titanic.reply", bad));
        assertEquals(List.of("400"), call("titanic.close", bad));
        try (var files = Files.walk(server.dataDir())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("passwd")));
        }
    }

    @Test
    void replyWithNoOrTwoFramesIs400() throws Exception {
        assertEquals(List.of("400"), call("titanic.reply"));
        assertEquals(List.of("400"), call("titanic.reply", "0123456789abcdef0123456789abcdef", "extra"));
    }

    // The Guide's Titanic dies on an empty request; here it is stored and replied like any other.
    // 7/MDP carries at least one body frame, so the worker sees (and echo returns) one empty frame.
    @Test
    void emptyRequestBodyIsStoredAndReplied() throws Exception {
        String uuid = submit("echo");
        assertEquals(List.of("200", ""), awaitReply(uuid));
        assertEquals(List.of("200", "after"), awaitReply(submit("echo", "after")));
    }

    @Test
    void requestWithoutServiceFrameIsRefusedAndNothingStops() throws Exception {
        List<String> answer = call("titanic.request");
        assertTrue(answer.get(0).startsWith("400"), answer.toString());
        assertTrue(call("titanic.request", "").get(0).startsWith("400"));
        assertTrue(call("titanic.request", "mmi.service", "echo").get(0).startsWith("400"));
        assertEquals(List.of("200", "ok"), awaitReply(submit("echo", "ok")));
    }

    @Test
    void idempotencyKeyReturnsTheSameUuid() throws Exception {
        List<String> first = call("titanic.request.idem", "key-1", "echo", "once");
        List<String> second = call("titanic.request.idem", "key-1", "echo", "once");
        assertEquals("200", first.get(0));
        assertEquals(first, second);
    }

    @Test
    void statusReportsStateOfARequestAndQueues() throws Exception {
        String uuid = submit("nobody.else", "x");
        List<String> one = call("titanic.status", uuid);
        assertEquals("200", one.get(0));
        assertTrue(one.get(1).contains("\"state\":\"pending\""), one.get(1));
        List<String> all = call("titanic.status");
        assertTrue(all.get(1).contains("nobody.else"), all.get(1));
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
