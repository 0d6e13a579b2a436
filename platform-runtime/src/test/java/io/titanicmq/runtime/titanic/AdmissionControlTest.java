package io.titanicmq.runtime.titanic;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestStore;
import io.titanicmq.runtime.store.StoreMonitor;
import io.titanicmq.runtime.store.StoreSettings;
import io.titanicmq.runtime.store.Stores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each limit refuses with its reason, and acceptance resumes by itself once the condition clears. */
@Timeout(30)
class AdmissionControlTest {

    private static final List<byte[]> BODY = List.of(bytes("hello"));

    @TempDir
    Path dir;

    private RequestStore store;
    private final AtomicLong freeBytes = new AtomicLong(Long.MAX_VALUE);

    @BeforeEach
    void open() throws Exception {
        store = Stores.open(StoreSettings.defaults(dir).withSegmentSize(4096).withFsync(false), StoreMonitor.logging());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private AdmissionControl control(Limits limits) {
        return new AdmissionControl(limits, store, freeBytes::get);
    }

    /** Admits and stores one request, as titanic.request does; fails the test when refused. */
    private RequestId accept(AdmissionControl control, String service) {
        AdmissionControl.Result result = control.admit(service, BODY);
        assertNull(result.refusal(), "refused: " + result.refusal());
        RequestId id = RequestId.random();
        try {
            store.putRequest(id, service, BODY, null).join();
        } finally {
            result.admission().close();
        }
        return id;
    }

    private static String refusal(AdmissionControl control, String service, List<byte[]> body) {
        String reason = control.admit(service, body).refusal();
        assertNotNull(reason, "expected a refusal");
        return reason;
    }

    @Test
    void requestBodyOverMaxRequestSizeIsRefusedWithSizes() {
        AdmissionControl control = control(new Limits(1024, 1024, 100, 0, 0, 0));
        assertEquals("request too large: 1025 bytes of body, limit 1024 bytes (titanic.limits.max-request-size)",
                refusal(control, "echo", List.of(new byte[1000], new byte[24], new byte[1])));
        accept(control, "echo");
    }

    @Test
    void maxPendingPerServiceRefusesThatServiceOnlyAndResumesAfterAClose() {
        AdmissionControl control = control(new Limits(1 << 20, 1 << 20, 100, 2, 0, 0));
        RequestId first = accept(control, "echo");
        accept(control, "echo");
        assertEquals("too many pending requests for 'echo': 2, limit 2 (titanic.limits.max-pending-per-service)",
                refusal(control, "echo", BODY));
        accept(control, "other");
        store.close(first).join();
        accept(control, "echo");
        assertEquals(1, control.refused());
    }

    @Test
    void maxPendingCountsRepliedRequestsOutAndRequestsBeingStoredIn() {
        AdmissionControl control = control(new Limits(1 << 20, 1 << 20, 2, 0, 0, 0));
        RequestId first = accept(control, "a");
        AdmissionControl.Result beingStored = control.admit("b", BODY);
        assertNull(beingStored.refusal());
        assertEquals("too many pending requests: 2, limit 2 (titanic.limits.max-pending)", refusal(control, "c", BODY),
                "a request being stored counts before it is durable");
        beingStored.admission().close();
        store.putReply(first, List.of(bytes("done"))).join();
        accept(control, "c");
        accept(control, "d");
        assertTrue(control.statusJson().contains("\"accepting\":false"), control.statusJson());
        assertTrue(control.statusJson().contains("\"reason\":\"too many pending requests: 2, limit 2"), control.statusJson());
    }

    @Test
    void storeSizeHighWaterMarkRefusesUntilClosesAndCompactionShrinkTheStore() throws Exception {
        AdmissionControl control = control(new Limits(1 << 20, 1 << 20, 1000, 0, 0, 16 * 1024));
        List<byte[]> body = List.of(new byte[1000]);
        java.util.List<RequestId> ids = new java.util.ArrayList<>();
        String reason = null;
        while (reason == null) {
            AdmissionControl.Result result = control.admit("echo", body);
            reason = result.refusal();
            if (reason == null) {
                RequestId id = RequestId.random();
                try {
                    store.putRequest(id, "echo", body, null).join();
                    ids.add(id);
                } finally {
                    result.admission().close();
                }
            }
        }
        assertTrue(reason.matches("store full: \\d+(\\.\\d)? KiB used of 16 KiB limit \\(titanic.limits.max-store-size\\)"), reason);
        assertTrue(control.statusJson().contains("\"reason\":\"store full"), control.statusJson());
        assertTrue(control.statusJson().contains("\"accepting\":false"), control.statusJson());
        for (RequestId id : ids) {
            store.close(id).join();
        }
        store.compact();
        accept(control, "echo");
        assertTrue(control.statusJson().contains("\"accepting\":true"), control.statusJson());
    }

    @Test
    void lowFreeDiskSpaceRefusesUntilSpaceReturns() {
        AdmissionControl control = control(new Limits(1 << 20, 1 << 20, 1000, 0, 64L << 20, 0));
        freeBytes.set(10L << 20);
        assertEquals("disk full: 10 MiB free on the store's file system, 64 MiB required (titanic.limits.min-free-disk)",
                refusal(control, "echo", BODY));
        freeBytes.set(1L << 30);
        await().atMost(Duration.ofSeconds(5)).until(() -> control.admit("echo", BODY).refusal() == null);
    }

    @Test
    void statusShowsTheLimitsAndTheLastRefusal() {
        AdmissionControl control = control(new Limits(1 << 20, 2 << 20, 5, 1, 0, 0));
        accept(control, "echo");
        refusal(control, "echo", BODY);
        String json = control.statusJson();
        assertTrue(json.startsWith("{\"accepting\":true,\"last-refusal\":\"too many pending requests for 'echo'"), json);
        assertTrue(json.contains("\"refused\":1,\"pending\":1,"), json);
        assertTrue(json.contains("\"limits\":{\"max-request-size\":1048576,\"max-reply-size\":2097152,\"max-pending\":5,"
                + "\"max-pending-per-service\":1,\"min-free-disk\":0,\"max-store-size\":0}"), json);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
