package io.titanicmq.runtime.worker;

import io.titanicmq.api.Request;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Request} a hosted worker's handler sees. {@link #progress} keeps the latest value and
 * wakes the socket thread, which sends it to the broker as a PROGRESS message (coalesced, see
 * {@link ProgressRelay}). {@link #isCancelled()} turns true when the connection gives the request
 * up: the broker sent DISCONNECT (how a request is cancelled) or fell silent while it ran, or the
 * connection is closing and the request did not finish within {@code stop-grace} (a request that
 * finishes within the grace period is answered normally, so it is not told to give up early).
 */
final class HostedRequest implements Request {

    private static final Logger LOG = LoggerFactory.getLogger(HostedRequest.class);

    private final List<byte[]> frames;
    private final RequestAddress address;
    private final Path scratchRoot;
    private final String connection;
    private final Runnable progressSignal;
    private final AtomicReference<Progress> unsent = new AtomicReference<>();
    private volatile boolean cancelled;
    private volatile Progress progress;
    private Path scratch;

    /** The last progress a handler reported. */
    record Progress(double fraction, String message) {
    }

    /**
     * @param progressSignal called (on the handler thread) when a progress value is waiting to be
     *     sent and none was before, i.e. once per value the socket thread takes
     */
    HostedRequest(List<byte[]> frames, RequestAddress address, Path scratchRoot, String connection,
                  Runnable progressSignal) {
        this.frames = List.copyOf(frames);
        this.address = address;
        this.scratchRoot = scratchRoot;
        this.connection = connection;
        this.progressSignal = progressSignal;
    }

    @Override
    public List<byte[]> frames() {
        return frames;
    }

    @Override
    public Optional<String> id() {
        return address.id();
    }

    @Override
    public int attempt() {
        return address.attempt();
    }

    @Override
    public void progress(double fraction, String message) {
        Progress p = new Progress(fraction, message == null ? "" : message);
        progress = p;
        LOG.debug("{}: request {} progress {} {}", connection, address.id().orElse("(direct)"), fraction, message);
        if (unsent.getAndSet(p) == null) {
            try {
                progressSignal.run();
            } catch (UncheckedIOException e) {
                // The connection closed while an abandoned handler still runs: nobody sends it now.
                LOG.debug("{}: progress of request {} not signalled: the connection is closed", connection,
                        address.id().orElse("(direct)"), e);
            }
        }
    }

    /** The progress reported since the last call, if any; the socket thread takes it to send it. */
    Progress takeUnsentProgress() {
        return unsent.getAndSet(null);
    }

    /** Whether a progress value waits to be sent. */
    boolean hasUnsentProgress() {
        return unsent.get() != null;
    }

    /** The last progress reported, or null when none. */
    Progress lastProgress() {
        return progress;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** Marks the request cancelled; the handler sees it through {@link #isCancelled()}. */
    void cancel() {
        cancelled = true;
    }

    @Override
    public synchronized Path scratchDir() {
        if (scratch == null) {
            Path dir = scratchRoot.resolve(UUID.randomUUID().toString());
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(connection + ": cannot create scratch directory " + dir, e);
            }
            scratch = dir;
        }
        return scratch;
    }

    /** Deletes the scratch directory, if one was made; failures are logged, not thrown. */
    synchronized void deleteScratch() {
        if (scratch == null) {
            return;
        }
        try (Stream<Path> tree = Files.walk(scratch)) {
            for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("{}: cannot delete scratch directory {}", connection, scratch, e);
        }
        scratch = null;
    }
}
