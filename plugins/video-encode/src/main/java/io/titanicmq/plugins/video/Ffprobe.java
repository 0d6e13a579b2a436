package io.titanicmq.plugins.video;

import io.titanicmq.api.WorkerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ffprobe on one file and reads back its format and first video stream. */
final class Ffprobe {

    private static final long TIMEOUT_SECONDS = 60;

    private final String executable;

    /** @param executable the ffprobe executable, from {@code ffprobe} in the config */
    Ffprobe(String executable) {
        this.executable = executable;
    }

    /**
     * Probes a file.
     *
     * @param file the media file
     * @param scratch a directory for ffprobe's output files
     * @throws WorkerException terminal when ffprobe cannot read the file (with its error lines),
     *     retryable when it did not answer in time
     */
    MediaInfo probe(Path file, Path scratch) throws WorkerException {
        Path out;
        Path err;
        try {
            out = Files.createTempFile(scratch, "ffprobe", ".json");
            err = Files.createTempFile(scratch, "ffprobe", ".err");
        } catch (IOException e) {
            throw new WorkerException("cannot create scratch files in " + scratch + ": " + e.getMessage(), true, e);
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(executable, "-v", "error",
                "-print_format", "json", "-show_format", "-show_streams", file.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = Tools.start(pb, "ffprobe");
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                Tools.stop(process);
                throw WorkerException.retryable("ffprobe did not finish within " + TIMEOUT_SECONDS + " s on " + file.getFileName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Tools.stop(process);
            throw new WorkerException("interrupted while probing " + file.getFileName(), true, e);
        }
        if (process.exitValue() != 0) {
            throw WorkerException.terminal("cannot read " + file.getFileName() + ": " + Tools.tail(err, 3));
        }
        try {
            return MediaInfo.fromJson(Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new WorkerException("cannot read ffprobe's answer for " + file.getFileName() + ": " + e.getMessage(), true, e);
        }
    }
}
