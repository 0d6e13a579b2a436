package io.titanicmq.plugins.video;

import io.titanicmq.api.WorkerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting and stopping the external tools (ffmpeg, ffprobe). */
final class Tools {

    /** How long a process gets to exit after a polite {@link Process#destroy()}. */
    private static final long GRACE_MILLIS = 3_000;

    private Tools() {
    }

    /**
     * Starts a tool.
     *
     * @param key the config key naming the executable, e.g. {@code ffmpeg}
     * @throws WorkerException (terminal) naming the key and the Debian package when it cannot run
     */
    static Process start(ProcessBuilder builder, String key) throws WorkerException {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw WorkerException.terminal("cannot run " + key + " '" + builder.command().get(0)
                    + "' (" + e.getMessage() + "): install the Debian package 'ffmpeg' or set "
                    + EncodeSettings.SECTION + "." + key + " to its path");
        }
        try {
            process.getOutputStream().close(); // the tools read no input: give them end-of-file
        } catch (IOException e) {
            Tools.stop(process);
            throw new WorkerException("cannot close the stdin of " + key + ": " + e.getMessage(), true, e);
        }
        return process;
    }

    /**
     * Stops a process: {@link Process#destroy()}, then {@link Process#destroyForcibly()} if it
     * has not exited within a few seconds.
     *
     * @return true when the process has exited
     */
    static boolean stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    /** The last {@code count} non-empty lines of a text file, joined by "; " (empty if unreadable). */
    static String tail(Path file, int count) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(l -> !l.isEmpty()).toList();
            return String.join("; ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }
}
