package io.titanicmq.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceNamesTest {

    private static String fresh(String text) {
        return new String(text.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
    }

    @Test
    void equalNamesShareOneInstance() {
        String first = ServiceNames.canonical(fresh("service-names-test.echo"));
        String second = ServiceNames.canonical(fresh("service-names-test.echo"));
        assertSame(first, second);
        assertEquals("service-names-test.echo", second);
        assertNull(ServiceNames.canonical(null));
    }

    /** A decoded request record carries the pooled name, so the index keeps no copy of its own. */
    @Test
    void aRequestRecordKeepsThePooledName() {
        RequestId id = RequestId.random();
        JournalRecord.Request a = new JournalRecord.Request(id, 1, 0, fresh("service-names-test.record"), null, List.of());
        JournalRecord.Request b = new JournalRecord.Request(id, 2, 0, fresh("service-names-test.record"), null, List.of());
        assertSame(a.service(), b.service());
    }

    @Test
    void pastItsCapacityAPoolHandsNamesBackUnshared() {
        ServiceNames names = new ServiceNames(3);
        for (int i = 0; i < 3; i++) {
            names.pooled("flood-" + i);
        }
        String name = fresh("after-the-flood");
        String again = fresh("after-the-flood");
        assertSame(name, names.pooled(name));
        assertNotSame(name, names.pooled(again));
        assertEquals(name, names.pooled(again));
        assertSame(names.pooled(fresh("flood-1")), names.pooled(fresh("flood-1")));
    }
}
