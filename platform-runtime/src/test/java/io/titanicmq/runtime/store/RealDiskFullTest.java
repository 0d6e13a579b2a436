package io.titanicmq.runtime.store;

import static io.titanicmq.runtime.store.StoreTestSupport.frames;
import static io.titanicmq.runtime.store.StoreTestSupport.settings;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the journal lives on a 4 MiB tmpfs (the tests run as root; mounting it is a
 * prerequisite and its absence fails the test). Appends until the kernel answers ENOSPC, checks
 * that the store refuses rather than acknowledges, frees space, and sees the store recover by itself.
 */
@Timeout(60)
class RealDiskFullTest {

    @TempDir
    Path temp;

    private Path mount;

    @BeforeEach
    void mountTmpfs() throws Exception {
        mount = temp.resolve("tmpfs");
        Files.createDirectories(mount);
        String result = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString());
        if (result != null) {
            fail("This test needs a 4 MiB tmpfs for a real full disk and could not mount one (run the tests as root,"
                    + " or in a container allowed to mount): " + result);
        }
    }

    @AfterEach
    void unmount() throws Exception {
        String result = run("umount", mount.toString());
        if (result != null) {
            fail("could not unmount the test's tmpfs " + mount + ": " + result);
        }
    }

    @Test
    void fullDiskRefusesAppendsAndTheStoreRecoversOnceSpaceIsFreed() throws Exception {
        Path ballast = mount.resolve("ballast");
        Files.write(ballast, new byte[1 << 20]);
        StoreSettings storeSettings = settings(mount.resolve("journal")).withSegmentSize(256 * 1024)
                .withMaxRecordSize(64 * 1024);
        RecordingMonitor monitor = new RecordingMonitor();
        List<RequestId> acknowledged = new ArrayList<>();
        byte[] body = incompressible(20_000);
        try (JournalStore store = JournalStore.open(storeSettings, monitor, ChannelFactory.DEFAULT)) {
            String refusal = null;
            for (int i = 0; i < 1000 && refusal == null; i++) {
                RequestId id = RequestId.random();
                try {
                    store.putRequest(id, "s", List.of(body), null).join();
                    acknowledged.add(id);
                } catch (CompletionException e) {
                    refusal = e.getCause().getMessage();
                    assertEquals(java.util.Optional.empty(), store.get(id), "a refused request is not served");
                }
            }
            assertTrue(refusal != null && refusal.contains("No space left on device"), "refused because: " + refusal);
            assertTrue(store.failure().isPresent());
            assertTrue(acknowledged.size() > 50, "stored " + acknowledged.size() + " before the disk was full");

            // While the disk stays full, probes may cut the failed batch and start a segment, but
            // an append is only acknowledged when it really reached the disk.
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            int refusedWhileFull = 0;
            while (System.nanoTime() - until < 0) {
                RequestId id = RequestId.random();
                try {
                    store.putRequest(id, "s", List.of(body), null).join();
                    acknowledged.add(id);
                } catch (CompletionException e) {
                    refusedWhileFull++;
                }
            }
            assertTrue(refusedWhileFull > 0);

            Files.delete(ballast);
            await().atMost(Duration.ofSeconds(20)).until(() -> store.failure().isEmpty());
            RequestId after = RequestId.random();
            store.putRequest(after, "s", frames("after the disk was freed"), null).join();
            acknowledged.add(after);
            store.close(acknowledged.get(0)).join();
            acknowledged.remove(0);
        }
        RecordingMonitor reopened = new RecordingMonitor();
        try (JournalStore store = JournalStore.open(storeSettings, reopened, ChannelFactory.DEFAULT)) {
            assertEquals(acknowledged.size(), store.stats().openRequests());
            for (RequestId id : acknowledged) {
                assertTrue(store.get(id).isPresent(), "acknowledged " + id + " survives");
            }
        }
        reopened.assertClean();
    }

    private static byte[] incompressible(int size) {
        byte[] bytes = new byte[size];
        new java.util.Random(42).nextBytes(bytes);
        return bytes;
    }

    /** Runs a command; null when it succeeded, else its exit code and output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish within 30 s";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 ? null : String.join(" ", command) + " exited " + process.exitValue() + ": " + output;
    }
}
