package io.titanicmq.runtime.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The used heap of another JVM on this machine, read with the JDK's {@code jcmd}: a full GC
 * ({@code GC.run}) first, then {@code GC.heap_info}. Needs nothing from the server but its pid.
 */
public final class HeapProbe {

    private static final Pattern REGION = Pattern.compile("(?m)^\\s*(\\S.*?)\\s+total \\d+K, used (\\d+)K");
    private static final long TIMEOUT_SECONDS = 30;

    private final long pid;
    private final String jcmd;

    /**
     * @param pid the server's process id
     */
    public HeapProbe(long pid) {
        this.pid = pid;
        String home = System.getProperty("java.home");
        java.nio.file.Path own = home == null ? null : java.nio.file.Path.of(home, "bin", "jcmd");
        this.jcmd = own != null && java.nio.file.Files.isExecutable(own) ? own.toString() : "jcmd";
    }

    /**
     * Runs a full GC in the target, then reads its used heap.
     *
     * @return used heap in bytes after the GC (the sum of the heap regions {@code GC.heap_info} lists)
     * @throws IOException when jcmd cannot run or its output has no heap figure
     */
    public long usedAfterGc() throws IOException {
        run("GC.run");
        String info = run("GC.heap_info");
        return parseUsed(info);
    }

    /**
     * The used heap in a {@code GC.heap_info} text: the line of the whole heap (G1, Shenandoah,
     * Z) or else the sum of the generations (Serial, Parallel); Metaspace is not heap.
     */
    static long parseUsed(String info) throws IOException {
        Matcher m = REGION.matcher(info);
        long generations = 0;
        boolean found = false;
        while (m.find()) {
            String region = m.group(1);
            long used = Long.parseLong(m.group(2)) * 1024;
            if (region.contains("heap")) {
                return used;
            }
            if (!region.contains("Metaspace") && !region.contains("class space")) {
                generations += used;
                found = true;
            }
        }
        if (!found) {
            throw new IOException("no used-heap figure in GC.heap_info:\n" + info);
        }
        return generations;
    }

    private String run(String command) throws IOException {
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("jcmd " + pid + " " + command + " did not end within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted waiting for jcmd " + pid + " " + command, e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " exited with " + p.exitValue() + ":\n" + out);
        }
        return out;
    }
}
