package io.titanicmq.plugins.video;

import io.titanicmq.api.Request;
import io.titanicmq.api.WorkerException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one ffmpeg encode to a file, reporting progress to the request and stopping ffmpeg when
 * the request is cancelled or the timeout passes.
 */
final class FfmpegEncoder {

    /** How often the cancel flag, the timeout and the progress are looked at. */
    private static final long POLL_MILLIS = 200;
    private static final long READER_JOIN_MILLIS = 5_000;

    private final String executable;
    private final Duration timeout;
    private final System.Logger log;

    /**
     * @param executable the ffmpeg executable
     * @param timeout the longest one encode may run
     * @param log the plug-in's logger
     */
    FfmpegEncoder(String executable, Duration timeout, System.Logger log) {
        this.executable = executable;
        this.timeout = timeout;
        this.log = log;
    }

    /** The ffmpeg command line for a job. */
    List<String> command(EncodeJob job, Path input, Path output) {
        List<String> cmd = new ArrayList<>(List.of(executable, "-hide_banner", "-nostdin", "-v", "error",
                "-progress", "pipe:1", "-nostats", "-y", "-i", input.toString(),
                "-map", "0:v:0"));
        if (job.audio()) {
            cmd.addAll(List.of("-map", "0:a:0?", "-c:a", job.container().audioEncoder(), "-b:a", "128k"));
        } else {
            cmd.add("-an");
        }
        cmd.addAll(job.codec().encoderArgs(job.crf(), job.preset()));
        if (job.height() > 0) {
            cmd.addAll(List.of("-vf", "scale=-2:" + job.height()));
        }
        cmd.addAll(List.of("-pix_fmt", "yuv420p"));
        if (job.codec() == Codec.H265 && job.container() != Container.MKV) {
            cmd.addAll(List.of("-tag:v", "hvc1")); // lets Apple players recognise HEVC in MP4/MOV
        }
        if (job.container() == Container.MP4 || job.container() == Container.MOV) {
            cmd.addAll(List.of("-movflags", "+faststart"));
        }
        cmd.addAll(List.of("-f", job.container().muxer(), output.toString()));
        return cmd;
    }

    /**
     * Encodes {@code input} to {@code output}. On failure the caller deletes the output.
     *
     * @param duration the input's duration in seconds (for progress), 0 if unknown
     * @param stderr the file ffmpeg's error output goes to
     * @throws WorkerException terminal for cancel, timeout and ffmpeg errors (with its last
     *     error lines); retryable when ffmpeg was killed by a signal from outside
     */
    void encode(EncodeJob job, Path input, Path output, double duration, Request request, Path stderr)
            throws WorkerException {
        ProcessBuilder pb = new ProcessBuilder(command(job, input, output)).redirectError(stderr.toFile());
        long deadline = System.nanoTime() + timeout.toNanos();
        Process process = Tools.start(pb, "ffmpeg");
        ProgressReader reader = new ProgressReader(process.getInputStream(), log);
        Thread readerThread = new Thread(reader, "video-encode progress " + request.id().orElse("direct"));
        readerThread.setDaemon(true);
        readerThread.start();
        double reported = -1;
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                reported = report(reader.latest(), duration, reported, request);
                if (request.isCancelled()) {
                    abort(process, readerThread, "cancelled");
                    throw WorkerException.terminal("cancelled");
                }
                if (System.nanoTime() - deadline >= 0) {
                    abort(process, readerThread, "timed out");
                    throw WorkerException.terminal("timed out after " + timeout.toSeconds() + " s (set "
                            + EncodeSettings.SECTION + ".timeout)");
                }
            }
            join(readerThread);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(process, readerThread, "interrupted");
            throw new WorkerException("interrupted while encoding " + input.getFileName(), true, e);
        }
        int exit = process.exitValue();
        if (exit > 128) {
            throw WorkerException.retryable("ffmpeg was killed by signal " + (exit - 128) + ": " + Tools.tail(stderr, 3));
        }
        if (exit != 0) {
            throw WorkerException.terminal("ffmpeg failed (exit " + exit + "): " + Tools.tail(stderr, 5));
        }
        report(reader.latest(), duration, reported, request);
    }

    /** Reports a snapshot if it is newer than what was reported; returns the fraction reported. */
    private static double report(ProgressReader.Snapshot s, double duration, double reported, Request request) {
        if (s == null) {
            return reported;
        }
        double fraction = s.fraction(duration);
        if (fraction <= reported) {
            return reported;
        }
        request.progress(fraction, s.message(duration));
        return fraction;
    }

    private void abort(Process process, Thread readerThread, String why) {
        log.log(System.Logger.Level.INFO, "stopping ffmpeg (pid " + process.pid() + "): " + why);
        if (!Tools.stop(process)) {
            log.log(System.Logger.Level.WARNING, "ffmpeg (pid " + process.pid() + ") did not exit after being killed");
        }
        try {
            join(readerThread);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void join(Thread readerThread) throws InterruptedException {
        readerThread.join(READER_JOIN_MILLIS);
        if (readerThread.isAlive()) {
            log.log(System.Logger.Level.WARNING, readerThread.getName() + " still running after "
                    + READER_JOIN_MILLIS + " ms");
        }
    }
}
