package io.titanicmq.runtime.store;

import java.io.IOException;

/**
 * A store backend, found through {@link java.util.ServiceLoader} by its {@link #name()}
 * ({@code titanic.store.backend}). The built-in backend is the segmented journal, named
 * {@code "journal"}. Another backend is plugged in by shipping a provider on the module path
 * or class path; the Titanic services only ever see {@link RequestStore}.
 */
public interface StoreProvider {

    /** The backend name matched against {@code titanic.store.backend}. */
    String name();

    /**
     * Opens (and recovers) the store described by the settings.
     *
     * @throws IOException if the store cannot be opened at all (bad data alone must not stop it)
     */
    RequestStore open(StoreSettings settings, StoreMonitor monitor) throws IOException;
}
