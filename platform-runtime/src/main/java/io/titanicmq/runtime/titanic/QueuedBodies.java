package io.titanicmq.runtime.titanic;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.runtime.store.RequestStore;
import io.titanicmq.runtime.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bodies of the dispatcher's queued jobs. Up to a budget of bytes they stay in memory for a
 * quick hand-off; beyond it a job drops its body ({@code Job.body == null}: it is on disk) and the
 * body is read back from the store when the job's turn comes, on a thread of its own. So a backlog
 * of any size costs the heap its jobs and index entries, not its bodies, and a restart re-queues
 * a million requests without reading them. The budget is touched by the broker thread only.
 */
final class QueuedBodies implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueuedBodies.class);

    /**
     * What one read takes at most, after its first body: the heap a lane's read-back may hold
     * beyond the budget (a lane of 48 MiB requests reads one at a time, one of small ones hundreds).
     */
    static final long READ_BATCH_BYTES = 1 << 20;

    /** Per frame, what a held body costs beyond its bytes (array header, list slot). */
    private static final long FRAME_OVERHEAD = 24;

    /** A body read back for {@code job}: the body, or null with the error, or both null when the request was closed. */
    record Read(Job job, List<byte[]> body, String error) {
    }

    private final RequestStore store;
    private final long budget;
    private long held;
    private final AtomicLong readBack = new AtomicLong();
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "titanic-body-reader");
        t.setDaemon(true);
        return t;
    });

    QueuedBodies(RequestStore store, long budget) {
        this.store = store;
        this.budget = budget;
    }

    /** A job joins a queue: its body counts against the budget, or it drops it. */
    void hold(Job job) {
        if (job.body == null || job.heldBytes != 0) {
            return;
        }
        long size = Mdp.bodySize(job.body) + FRAME_OVERHEAD * (job.body.size() + 1);
        if (held + size <= budget) {
            held += size;
            job.heldBytes = size;
        } else {
            job.body = null;
        }
    }

    /** The job left its queue (to the broker, or for good): its body no longer counts. */
    void release(Job job) {
        held -= job.heldBytes;
        job.heldBytes = 0;
    }

    /** Bytes of queued bodies in memory now. */
    long heldBytes() {
        return held;
    }

    /** Bodies read back from the store so far. */
    long readBack() {
        return readBack.get();
    }

    /**
     * Reads the bodies of {@code jobs} on the reader thread, then hands the results to {@code then}
     * (which must get itself onto the broker thread): the first in any case, the next ones while
     * what was read stays under {@link #READ_BATCH_BYTES} (reading many at once saves a hand-off
     * each when a backlog drains). The jobs left out are read when their turn comes.
     *
     * @return false when closed: nothing will be read
     */
    boolean read(List<Job> jobs, Consumer<List<Read>> then) {
        try {
            reader.execute(() -> {
                List<Read> reads = new ArrayList<>(jobs.size());
                long bytes = 0;
                for (Job job : jobs) {
                    if (!reads.isEmpty() && bytes >= READ_BATCH_BYTES) {
                        break;
                    }
                    try {
                        List<byte[]> body = store.requestBody(job.id).orElse(null);
                        reads.add(new Read(job, body, null));
                        readBack.incrementAndGet();
                        bytes += body == null ? 0 : Mdp.bodySize(body);
                    } catch (StoreException e) {
                        reads.add(new Read(job, null, e.getMessage()));
                    } catch (RuntimeException e) {
                        // a fault of ours, not of the disk: the job still ends (failed), its lane goes on
                        LOG.error("reading the body of {} failed", job.id.hex(), e);
                        reads.add(new Read(job, null, "stored request could not be read: " + e));
                    }
                }
                then.accept(reads);
            });
            return true;
        } catch (RejectedExecutionException closed) {
            LOG.debug("body reader closed; {} bodies stay on disk for the next start: {}", jobs.size(), closed.toString());
            return false;
        }
    }

    /** Stops the reader once the read in progress, if any, is done (it is not interrupted: it reads files). */
    @Override
    public void close() {
        reader.shutdown();
    }
}
