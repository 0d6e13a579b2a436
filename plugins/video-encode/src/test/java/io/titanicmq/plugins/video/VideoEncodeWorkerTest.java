package io.titanicmq.plugins.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.titanicmq.api.WorkerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Encodes real media with the installed ffmpeg (Debian package {@code ffmpeg}). */
@Timeout(120)
class VideoEncodeWorkerTest {

    @TempDir
    static Path sources;
    @TempDir
    Path dir;
    Path media;
    Path scratch;

    @BeforeAll
    static void makeSourceClip() throws Exception {
        Media.makeClip(sources.resolve("clip.mp4"), 3, "1280x720");
    }

    @BeforeEach
    void mediaRoot() throws IOException {
        media = Files.createDirectories(dir.resolve("media"));
        scratch = Files.createDirectories(dir.resolve("scratch"));
        Files.copy(sources.resolve("clip.mp4"), media.resolve("clip.mp4"));
    }

    private VideoEncodeWorker worker(Map<String, Object> extra) {
        VideoEncodeWorker worker = new VideoEncodeWorker();
        Map<String, Object> config = new java.util.HashMap<>(Map.of("media-root", media.toString()));
        config.putAll(extra);
        worker.start(new StubContext(config, dir));
        return worker;
    }

    private JsonObject encode(StubRequest request) throws WorkerException {
        List<byte[]> reply = worker(Map.of()).handle(request);
        assertEquals(1, reply.size());
        return JsonParser.parseString(new String(reply.get(0), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private WorkerException failure(String body) {
        return failure(worker(Map.of()), body);
    }

    private WorkerException failure(VideoEncodeWorker worker, String body) {
        WorkerException e = assertThrows(WorkerException.class, () -> worker.handle(StubRequest.of(body, scratch)));
        assertFalse(e.isRetryable(), () -> "expected terminal: " + e.getMessage());
        return e;
    }

    @Test
    void encodesToH264At360pAndRepliesWithWhatFfprobeReads() throws Exception {
        StubRequest request = StubRequest.of(
                "{\"input\": \"clip.mp4\", \"codec\": \"h264\", \"height\": 360, \"output\": \"small.mp4\"}", scratch);
        JsonObject reply = encode(request);

        Map<String, String> probed = Media.probe(media.resolve("small.mp4"));
        assertEquals("h264", probed.get("codec_name"));
        assertEquals("640", probed.get("width"));
        assertEquals("360", probed.get("height"));
        assertEquals(3.0, Double.parseDouble(probed.get("duration")), 0.3);
        assertEquals("small.mp4", reply.get("output").getAsString());
        assertEquals("mp4", reply.get("container").getAsString());
        assertEquals("h264", reply.get("codec").getAsString());
        assertEquals(640, reply.get("width").getAsInt());
        assertEquals(360, reply.get("height").getAsInt());
        assertEquals(3.0, reply.get("duration").getAsDouble(), 0.3);
        assertEquals(Files.size(media.resolve("small.mp4")), reply.get("size").getAsLong());
        assertTrue(reply.get("encodeSeconds").getAsDouble() > 0);
    }

    @Test
    void reportsProgressWithIncreasingFractions() throws Exception {
        StubRequest request = StubRequest.of("{\"input\": \"clip.mp4\", \"height\": 360}", scratch);
        encode(request);
        assertFalse(request.fractions.isEmpty(), "no progress reported");
        for (int i = 1; i < request.fractions.size(); i++) {
            assertTrue(request.fractions.get(i) > request.fractions.get(i - 1), () -> "not increasing: " + request.fractions);
        }
        assertTrue(request.fractions.get(request.fractions.size() - 1) <= 1.0);
        assertTrue(request.messages.get(0).matches("\\d+% \\d+ fps.*"), request.messages.get(0));
    }

    @Test
    void plainPathBodyEncodesToH264NextToTheInput() throws Exception {
        Files.createDirectories(media.resolve("in"));
        Files.move(media.resolve("clip.mp4"), media.resolve("in/clip.mp4"));
        JsonObject reply = encode(StubRequest.of("in/clip.mp4\n", scratch));
        assertEquals("in/clip-h264.mp4", reply.get("output").getAsString());
        assertEquals("h264", Media.probe(media.resolve("in/clip-h264.mp4")).get("codec_name"));
        assertEquals(720, reply.get("height").getAsInt());
    }

    @Test
    void pathsThatEscapeTheMediaRootAreRefused() throws Exception {
        Path outside = Files.copy(media.resolve("clip.mp4"), dir.resolve("outside.mp4"));
        Files.createSymbolicLink(media.resolve("link.mp4"), outside);
        Files.createSymbolicLink(media.resolve("out"), dir);

        assertTrue(failure("../x.mp4").getMessage().contains("'..'"));
        assertTrue(failure(outside.toString()).getMessage().contains("absolute"));
        assertTrue(failure("link.mp4").getMessage().contains("outside the media root"));
        assertTrue(failure("{\"input\": \"clip.mp4\", \"output\": \"../x.mp4\"}").getMessage().contains("'..'"));
        assertTrue(failure("{\"input\": \"clip.mp4\", \"output\": \"out/x.mp4\"}").getMessage()
                .contains("outside the media root"));
    }

    @Test
    void missingFfmpegIsTerminalAndNamesTheConfigKeyAndPackage() {
        VideoEncodeWorker worker = worker(Map.of("ffmpeg", "/nonexistent/ffmpeg"));
        String message = failure(worker, "clip.mp4").getMessage();
        assertTrue(message.contains("titanic.plugins.video-encode.ffmpeg"), message);
        assertTrue(message.contains("'ffmpeg'"), message);
    }

    @Test
    void garbageInputIsTerminalWithTheToolsReason() throws Exception {
        Files.write(media.resolve("garbage.mp4"), "this is not a video at all".repeat(100).getBytes(StandardCharsets.UTF_8));
        String message = failure("garbage.mp4").getMessage();
        assertTrue(message.contains("Invalid data"), message);
    }

    @Test
    void malformedRequestsAreTerminal() {
        assertTrue(failure("{\"input\": ").getMessage().contains("JSON"));
        assertTrue(failure("{\"codec\": \"h264\"}").getMessage().contains("input"));
        assertTrue(failure("{\"input\": \"clip.mp4\", \"codec\": \"mpeg1\"}").getMessage().contains("codec"));
        assertTrue(failure("{\"input\": \"clip.mp4\", \"height\": \"tall\"}").getMessage().contains("height"));
        assertTrue(failure("{\"input\": \"clip.mp4\", \"output\": \"x.webm\"}").getMessage().contains("webm"));
        assertTrue(failure("missing.mp4").getMessage().contains("not found"));
    }

    @Test
    void cancelStopsFfmpegAndLeavesNoPartialOutput() throws Exception {
        StubRequest request = StubRequest.cancelledAfterFirstProgress(
                "{\"input\": \"clip.mp4\", \"preset\": \"veryslow\", \"output\": \"cancelled.mp4\"}", scratch);
        WorkerException e = assertThrows(WorkerException.class, () -> worker(Map.of()).handle(request));
        assertEquals("cancelled", e.getMessage());
        assertFalse(e.isRetryable());
        try (Stream<Path> files = Files.list(media)) {
            assertEquals(List.of(media.resolve("clip.mp4")), files.toList());
        }
    }

    @Test
    void timeoutStopsFfmpegAndLeavesNoPartialOutput() throws Exception {
        VideoEncodeWorker worker = worker(Map.of("timeout", "300ms"));
        WorkerException e = assertThrows(WorkerException.class, () -> worker.handle(StubRequest.of(
                "{\"input\": \"clip.mp4\", \"codec\": \"h265\", \"preset\": \"veryslow\"}", scratch)));
        assertTrue(e.getMessage().startsWith("timed out after"), e.getMessage());
        assertFalse(e.isRetryable());
        try (Stream<Path> files = Files.list(media)) {
            assertEquals(List.of(media.resolve("clip.mp4")), files.toList());
        }
    }

    @Test
    void aliasServesTheUnderscoreName() {
        assertEquals("video_encode", new VideoEncodeAliasWorker().service());
        assertEquals("video.encode", new VideoEncodeWorker().service());
    }
}
