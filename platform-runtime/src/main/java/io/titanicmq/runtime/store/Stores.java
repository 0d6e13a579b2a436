package io.titanicmq.runtime.store;

import java.io.IOException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Opens the store backend named in the settings, found through {@link ServiceLoader}. */
public final class Stores {

    private Stores() {
    }

    /**
     * Opens {@code settings.backend()}.
     *
     * @throws StoreException naming the available backends if none has that name
     */
    public static RequestStore open(StoreSettings settings, StoreMonitor monitor) throws IOException {
        List<StoreProvider> providers = ServiceLoader.load(StoreProvider.class, StoreProvider.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).collect(Collectors.toList());
        for (StoreProvider provider : providers) {
            if (provider.name().equals(settings.backend())) {
                return provider.open(settings, monitor);
            }
        }
        throw new StoreException("No store backend named '" + settings.backend() + "' (titanic.store.backend); available: "
                + providers.stream().map(StoreProvider::name).sorted().collect(Collectors.joining(", ", "[", "]")));
    }
}
