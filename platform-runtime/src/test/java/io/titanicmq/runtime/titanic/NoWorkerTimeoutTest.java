package io.titanicmq.runtime.titanic;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code titanic.dispatcher.no-worker-timeout}: a request whose service never gets a worker ends
 * with a stored terminal failure (titanic.reply answers 410), so its client is not left at 300.
 */
@Timeout(60)
class NoWorkerTimeoutTest {

    @TempDir
    Path dir;

    @Test
    void aRequestForAServiceThatNeverAppearsEndsWithAStoredFailure() throws Exception {
        try (DispatcherFixture fixture = new DispatcherFixture(dir,
                Map.of("dispatcher.no-worker-timeout", "600ms"), Duration.ofMillis(200));
             Dispatcher dispatcher = fixture.dispatcher()) {
            RequestId id = RequestId.random();
            List<byte[]> body = List.of("anyone there?".getBytes(StandardCharsets.US_ASCII));
            fixture.store.putRequest(id, "nobody", body, null).join();
            dispatcher.enqueue(id, "nobody", body, 0);

            assertInstanceOf(RequestState.Pending.class, fixture.store.get(id).orElseThrow(),
                    "still waiting before the timeout");
            await().atMost(Duration.ofSeconds(20)).until(() -> fixture.store.get(id).orElseThrow()
                    instanceof RequestState.Failed);
            RequestState.Failed failed = assertInstanceOf(RequestState.Failed.class, fixture.store.get(id).orElseThrow());
            assertEquals("no worker for service 'nobody' within PT0.6S", failed.reason());
            assertEquals(1, dispatcher.counters()[2], "counted as failed");
        }
    }
}
