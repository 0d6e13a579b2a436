package io.titanicmq.runtime.worker;

import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * Regression (found by the fuzz suite): the relay kept the last request it saw, so each worker
 * connection held its last request's frames (24 MiB echo requests stayed on the heap for good).
 */
@Timeout(30)
class ProgressRelayTest {

    @TempDir
    Path scratch;

    @Test
    void aFinishedRequestIsNotKeptByTheRelay() {
        try (ZContext ctx = new ZContext()) {
            BrokerLink link = BrokerLink.connect(ctx, "inproc://progress-relay-test", null, () -> { });
            try {
                assertRequestIsReleased(link);
            } finally {
                link.close(0);
            }
        }
    }

    private void assertRequestIsReleased(BrokerLink link) {
        ProgressRelay relay = new ProgressRelay(Duration.ofMillis(250));
        HostedRequest request = new HostedRequest(List.of(new byte[1 << 20]),
                RequestAddress.parse("client".getBytes(StandardCharsets.UTF_8)), scratch, "test", () -> { });
        relay.flush(request, new byte[0], link, System.nanoTime());
        relay.deadline(request, System.nanoTime(), System.nanoTime());
        WeakReference<HostedRequest> weak = new WeakReference<>(request);
        request = null;
        // the connection's loop after the reply went: nothing runs
        relay.flush(null, null, link, System.nanoTime());
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return weak.get() == null;
        });
    }
}
