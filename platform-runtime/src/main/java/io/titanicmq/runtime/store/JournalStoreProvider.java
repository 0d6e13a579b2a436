package io.titanicmq.runtime.store;

import java.io.IOException;

/** The built-in backend {@code "journal"}: the segmented, group-committed journal ({@link JournalStore}). */
public final class JournalStoreProvider implements StoreProvider {

    /** The name of this backend in {@code titanic.store.backend}. */
    public static final String NAME = "journal";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RequestStore open(StoreSettings settings, StoreMonitor monitor) throws IOException {
        return JournalStore.open(settings, monitor, ChannelFactory.DEFAULT);
    }
}
