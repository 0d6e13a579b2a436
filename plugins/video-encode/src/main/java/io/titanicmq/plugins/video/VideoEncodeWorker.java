package io.titanicmq.plugins.video;

import com.google.gson.JsonObject;
import io.titanicmq.api.Request;
import io.titanicmq.api.Worker;
import io.titanicmq.api.WorkerContext;
import io.titanicmq.api.WorkerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

/**
 * Serves {@code video.encode}: transcodes a video under the media root with ffmpeg.
 *
 * <p>Request frame 0: a path relative to the media root, or a JSON object (see {@link EncodeJob}).
 * Reply: one JSON frame
 * <pre>{"output": "clip-h264-360p.mp4", "container": "mp4", "codec": "h264", "width": 640,
 *  "height": 360, "duration": 3.0, "size": 123456, "encodeSeconds": 1.2}</pre>
 * with the values read back from the written file by ffprobe. The output is written under a
 * temporary name and renamed when complete, so a reader never sees a partial file.
 *
 * <p>Config {@code titanic.plugins.video-encode}: {@code media-root}, {@code ffmpeg},
 * {@code ffprobe}, {@code timeout} (see {@link EncodeSettings}).
 */
public class VideoEncodeWorker implements Worker {

    private final String service;
    private volatile Setup setup;

    /** What {@link #start(WorkerContext)} builds from the settings. */
    private record Setup(MediaRoot root, Ffprobe ffprobe, FfmpegEncoder encoder, System.Logger log) {
    }

    /** The worker for {@code video.encode}. */
    public VideoEncodeWorker() {
        this("video.encode");
    }

    /** @param service the service name to serve under */
    protected VideoEncodeWorker(String service) {
        this.service = service;
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public void start(WorkerContext context) {
        EncodeSettings s = EncodeSettings.from(context);
        System.Logger log = context.logger();
        if (context.setting("media-root").isEmpty()) {
            try {
                Files.createDirectories(s.mediaRoot()); // the default, inside the plug-in's own data directory
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the media root " + s.mediaRoot(), e);
            }
        }
        if (!Files.isDirectory(s.mediaRoot())) {
            log.log(System.Logger.Level.WARNING, "media root " + s.mediaRoot() + " does not exist; set "
                    + EncodeSettings.SECTION + ".media-root (requests fail until it exists)");
        }
        setup = new Setup(new MediaRoot(s.mediaRoot()), new Ffprobe(s.ffprobe()),
                new FfmpegEncoder(s.ffmpeg(), s.timeout(), log), log);
        log.log(System.Logger.Level.INFO, service + " ready: media root " + s.mediaRoot()
                + ", ffmpeg '" + s.ffmpeg() + "', timeout " + s.timeout().toSeconds() + " s");
    }

    @Override
    public List<byte[]> handle(Request request) throws WorkerException {
        Setup su = setup;
        if (su == null) {
            throw WorkerException.retryable(service + " is not started");
        }
        if (request.frames().isEmpty()) {
            throw WorkerException.terminal("empty request: send a path or a JSON object with \"input\"");
        }
        EncodeJob job = EncodeJob.parse(request.text(0));
        Path input = su.root().input(job.input());
        Path output = su.root().output(job.output());
        if (output.equals(input)) {
            throw WorkerException.terminal("output '" + job.output() + "' would overwrite the input");
        }
        Path scratch = request.scratchDir();
        MediaInfo source = su.ffprobe().probe(input, scratch);
        if (!source.hasVideo()) {
            throw WorkerException.terminal("'" + job.input() + "' has no video stream");
        }
        long started = System.nanoTime();
        encodeInPlace(su, job, input, output, source.duration(), request, scratch);
        double seconds = (System.nanoTime() - started) / 1e9;
        MediaInfo result = su.ffprobe().probe(output, scratch);
        su.log().log(System.Logger.Level.INFO, service + ": " + job.input() + " -> " + job.output() + " ("
                + result.videoCodec() + " " + result.width() + "x" + result.height() + ", "
                + result.size() + " bytes) in " + String.format("%.1f", seconds) + " s");
        return List.of(reply(su.root().relativize(output), job, result, seconds));
    }

    /** Encodes to a temporary sibling of {@code output} and renames it into place on success. */
    private static void encodeInPlace(Setup su, EncodeJob job, Path input, Path output, double duration,
            Request request, Path scratch) throws WorkerException {
        removeStalePartials(su, output);
        Path temp = output.resolveSibling("." + output.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            su.encoder().encode(job, input, temp, duration, request, scratch.resolve("ffmpeg.err"));
            Files.move(temp, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new WorkerException("cannot move the encoded file into place as " + output + ": " + e.getMessage(), true, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                su.log().log(System.Logger.Level.WARNING, "cannot delete partial output " + temp, e);
            }
        }
    }

    /**
     * Deletes partial outputs for {@code output} left by an attempt that never finished (the
     * server was killed mid-encode); the retried attempt starts clean. An orphaned ffmpeg still
     * writing one dies on its broken progress pipe and only writes into the unlinked file.
     */
    private static void removeStalePartials(Setup su, Path output) {
        String prefix = "." + output.getFileName() + ".";
        try (java.util.stream.Stream<Path> siblings = Files.list(output.getParent())) {
            for (Path stale : (Iterable<Path>) siblings.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(prefix) && name.endsWith(".part");
            })::iterator) {
                Files.deleteIfExists(stale);
                su.log().log(System.Logger.Level.INFO, "deleted partial output " + stale + " of an earlier attempt");
            }
        } catch (IOException e) {
            su.log().log(System.Logger.Level.WARNING, "cannot clean partial outputs next to " + output, e);
        }
    }

    private static byte[] reply(String output, EncodeJob job, MediaInfo info, double seconds) {
        JsonObject json = new JsonObject();
        json.addProperty("output", output);
        json.addProperty("container", job.container().extension());
        json.addProperty("codec", info.videoCodec());
        json.addProperty("width", info.width());
        json.addProperty("height", info.height());
        json.addProperty("duration", info.duration());
        json.addProperty("size", info.size());
        json.addProperty("encodeSeconds", Math.round(seconds * 1000) / 1000.0);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
