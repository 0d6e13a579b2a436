package io.titanicmq.runtime.plugins;

import io.titanicmq.api.Worker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers provided by named modules of the boot layer ({@code provides io.titanicmq.api.Worker
 * with ...}); when the boot layer provides none because the runtime runs on the class path (tests),
 * those listed in {@code META-INF/services} of the context class loader. Grouped by module name,
 * {@code "classpath"} for the unnamed module.
 */
final class ModulePathWorkers {

    /** The id of workers from the class path. */
    static final String CLASSPATH = "classpath";
    private static final int MAX_ERRORS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ModulePathWorkers.class);

    /**
     * What was found.
     *
     * @param workers instantiated workers by module name
     * @param versions module versions, where the module has one
     * @param failures providers that could not be instantiated, by module name, with the cause
     */
    record Found(Map<String, List<Worker>> workers, Map<String, String> versions, Map<String, String> failures) {
    }

    private ModulePathWorkers() {
    }

    static Found find() {
        Found found = collect(ServiceLoader.load(ModuleLayer.boot(), Worker.class));
        if (found.workers().isEmpty() && found.failures().isEmpty()) {
            found = collect(ServiceLoader.load(Worker.class));
        }
        return found;
    }

    private static Found collect(ServiceLoader<Worker> loader) {
        Map<String, List<Worker>> workers = new LinkedHashMap<>();
        Map<String, String> versions = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        var providers = loader.stream().iterator();
        int errors = 0;
        while (errors < MAX_ERRORS) {
            ServiceLoader.Provider<Worker> provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                errors++;
                LOG.error("A module-path worker provider cannot be loaded: {}", PluginHost.describe(e), e);
                failures.put("provider-" + errors, PluginHost.describe(e));
                continue;
            }
            Module module = provider.type().getModule();
            String id = module.isNamed() ? module.getName() : CLASSPATH;
            if (module.isNamed()) {
                module.getDescriptor().rawVersion().ifPresent(v -> versions.put(id, v));
            }
            try {
                workers.computeIfAbsent(id, k -> new ArrayList<>()).add(provider.get());
            } catch (ServiceConfigurationError e) {
                errors++;
                LOG.error("Module-path worker {} of {} FAILED: {}", provider.type().getName(), id,
                        PluginHost.describe(e), e);
                failures.put(id, PluginHost.describe(e));
            }
        }
        workers.values().removeIf(List::isEmpty);
        failures.keySet().forEach(workers::remove);
        return new Found(workers, versions, failures);
    }
}
