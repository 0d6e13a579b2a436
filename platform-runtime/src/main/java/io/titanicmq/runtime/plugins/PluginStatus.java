package io.titanicmq.runtime.plugins;

import java.util.List;
import java.util.Objects;

/**
 * What the host knows about one plug-in (or one module serving workers from the module path).
 *
 * @param id the plug-in id; the file name when the plug-in failed before PF4J read its id
 * @param version the plug-in version, empty when unknown
 * @param state whether its services are served
 * @param services the service names it serves (empty unless {@link State#STARTED})
 * @param source the plug-in file, or {@code module-path}
 * @param failure why it failed, with the causes, empty unless {@link State#FAILED}
 */
public record PluginStatus(String id, String version, State state, List<String> services, String source,
                           String failure) {

    /** A plug-in's state in the host. */
    public enum State {
        /** Loaded, its workers started and connected. */
        STARTED,
        /** Could not be loaded or started; the cause is in {@link PluginStatus#failure()}. */
        FAILED,
        /** Was started and is stopped now (the host closed). */
        STOPPED
    }

    /** Checks the values. */
    public PluginStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        services = List.copyOf(services);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(failure, "failure");
    }

    /** The same plug-in in another state. */
    PluginStatus with(State newState) {
        return new PluginStatus(id, version, newState, services, source, failure);
    }
}
