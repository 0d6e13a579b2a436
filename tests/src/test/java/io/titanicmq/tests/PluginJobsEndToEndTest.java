package io.titanicmq.tests;

import static io.titanicmq.tests.ProgressCancelEndToEndTest.awaitReply;
import static io.titanicmq.tests.ProgressCancelEndToEndTest.call;
import static io.titanicmq.tests.ProgressCancelEndToEndTest.progress;
import static io.titanicmq.tests.ProgressCancelEndToEndTest.status;
import static io.titanicmq.tests.ProgressCancelEndToEndTest.submit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.titanicmq.api.client.MajordomoClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped plug-ins over the dist as a real process: {@code video.encode} (ffmpeg) encodes a
 * clip, reports progress and stops cleanly when cancelled; {@code report} renders a PDF that
 * {@code titanic reply --output} writes to a file.
 */
class PluginJobsEndToEndTest {

    private static final Duration CLI = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    @Timeout(240)
    void videoIsEncodedWithProgressAndACancelledEncodeLeavesNoPartialFile() throws Exception {
        assumeTrue(onPath("ffmpeg") && onPath("ffprobe"), "ffmpeg and ffprobe are needed");
        Path media = work.resolve("media");
        String config = videoServer(media);
        try (DistProcess server = DistProcess.start(work, config);
             MajordomoClient client = new MajordomoClient(server.endpoint())) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "200".equals(PluginDropEndToEndTest.mmiService(client, "video.encode")));

            DistProcess.Result submitted = DistProcess.cli(CLI, "request", "--broker", server.endpoint(),
                    "video.encode", "{\"input\":\"clip.mp4\",\"codec\":\"h264\",\"height\":360}");
            assertEquals(0, submitted.exitCode(), submitted.output());
            String id = submitted.output().strip();
            DistProcess.Result reply = DistProcess.cli(CLI, "reply", "--broker", server.endpoint(), id, "--wait", "80s");
            assertEquals(0, reply.exitCode(), reply.output());
            String json = reply.output().strip();
            assertTrue(json.contains("\"codec\":\"h264\"") && json.contains("\"height\":360"), json);
            Path output = media.resolve(jsonString(json, "output"));
            List<String> probed = probe(output);
            assertEquals("h264", probed.get(0), probed.toString());
            assertEquals("360", probed.get(1), probed.toString());
            double seconds = Double.parseDouble(probed.get(2));
            assertTrue(Math.abs(seconds - 10) < 0.5, "about 10 s long: " + seconds);

            String slow = submit(client, "video.encode",
                    "{\"input\":\"clip.mp4\",\"codec\":\"h264\",\"preset\":\"veryslow\",\"output\":\"slow.mp4\"}");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                String s = status(client, slow);
                return s.contains("\"running\":true") && progress(s) > 0;
            });
            assertTrue(status(client, slow).contains("fps"), status(client, slow));
            assertEquals(List.of("200"), call(client, "titanic.cancel", slow));
            assertEquals(List.of("410 cancelled"), awaitReply(client, slow));
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> server.logText().contains("stopping ffmpeg"));
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                        .until(() -> Set.copyOf(names(media)).equals(Set.of("clip.mp4", output.getFileName().toString())));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("ffmpeg not stopped or partial output left (" + names(media) + "); server log:\n"
                        + server.logText(), e);
            }
            assertTrue(server.process().isAlive());
        }
    }

    /**
     * kill -9 of the server mid-encode: after a restart on the same data dir the job runs again
     * (at least once) to completion and the client gets one reply.
     */
    @Test
    @Timeout(240)
    void anEncodeInterruptedByKill9RunsAgainAfterRestartAndAnswersOnce() throws Exception {
        assumeTrue(onPath("ffmpeg") && onPath("ffprobe"), "ffmpeg and ffprobe are needed");
        Path media = work.resolve("media");
        String config = videoServer(media);
        String id;
        try (DistProcess server = DistProcess.start(work, config);
             MajordomoClient client = new MajordomoClient(server.endpoint())) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "200".equals(PluginDropEndToEndTest.mmiService(client, "video.encode")));
            id = submit(client, "video.encode",
                    "{\"input\":\"clip.mp4\",\"codec\":\"h264\",\"preset\":\"veryslow\",\"output\":\"crash.mp4\"}");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> progress(status(client, id)) > 0);
            server.kill();
        }
        try (DistProcess server = DistProcess.start(work, config);
             MajordomoClient client = new MajordomoClient(server.endpoint())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> server.logText().contains("1 recovered request(s) re-queued"));
            List<String> reply = awaitReply(client, id, Duration.ofSeconds(150));
            assertEquals("200", reply.get(0), reply.toString());
            assertTrue(reply.get(1).contains("\"output\":\"crash.mp4\""), reply.toString());
            List<String> probed = probe(media.resolve("crash.mp4"));
            assertEquals("h264", probed.get(0), probed.toString());
            assertEquals("720", probed.get(1), probed.toString());
            assertEquals(reply, awaitReply(client, id, Duration.ofSeconds(5)), "one reply, the same every time");
            assertEquals(Set.of("clip.mp4", "crash.mp4"), Set.copyOf(names(media)), "no partial output left");
        }
    }

    @Test
    @Timeout(120)
    void reportIsRenderedAndWrittenToAFileByTitanicReply() throws Exception {
        Files.createDirectories(work.resolve("plugins"));
        Files.copy(distPlugin("report-"), work.resolve("plugins/report.jar"));
        try (DistProcess server = DistProcess.start(work, "");
             MajordomoClient client = new MajordomoClient(server.endpoint())) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "200".equals(PluginDropEndToEndTest.mmiService(client, "report")));
            String dataset = "{\"title\":\"Sales\",\"columns\":[\"region\",\"units\"],"
                    + "\"rows\":[[\"north\",120],[\"south\",95],[\"east\",143],[\"west\",77]]}";
            String id = submit(client, "report", dataset);
            Path pdf = work.resolve("report.pdf");
            DistProcess.Result fetched = DistProcess.cli(CLI, "reply", "--broker", server.endpoint(), id,
                    "--wait", "60s", "--output", pdf.toString());
            assertEquals(0, fetched.exitCode(), fetched.output());
            byte[] bytes = Files.readAllBytes(pdf);
            assertTrue(bytes.length > 1000, "a real PDF, not a stub: " + bytes.length + " bytes");
            assertArrayEquals("%PDF".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(bytes, 4));
            try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(bytes)) {
                String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
                assertTrue(text.contains("Sales"), "title in the PDF: " + text);
                assertTrue(text.contains("143"), "a known value in the PDF: " + text);
            }
        }
    }

    /**
     * Makes a 10 s 720p test clip {@code clip.mp4} in {@code media} (ffmpeg's lavfi source, no
     * downloaded data), installs the dist's video-encode plug-in, and returns the server config
     * pointing its media root there.
     */
    private String videoServer(Path media) throws IOException, InterruptedException {
        Files.createDirectories(media);
        run(List.of("ffmpeg", "-hide_banner", "-v", "error", "-y", "-f", "lavfi",
                "-i", "testsrc=duration=10:size=1280x720:rate=30", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", media.resolve("clip.mp4").toString()));
        Files.createDirectories(work.resolve("plugins"));
        Files.copy(distPlugin("video-encode-"), work.resolve("plugins/video-encode.jar"));
        return "titanic.plugins.video-encode.media-root = \"" + media + "\"";
    }

    private static Path distPlugin(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(DistProcess.home().resolve("plugins"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in the dist's plugins/"));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** codec, height and duration of the first video stream. */
    private static List<String> probe(Path file) throws IOException, InterruptedException {
        String out = run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "stream=codec_name,height:format=duration", "-of", "default=nw=1:nk=1", file.toString()));
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String jsonString(String json, String field) {
        String key = "\"" + field + "\":\"";
        int at = json.indexOf(key) + key.length();
        return json.substring(at, json.indexOf('"', at));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
