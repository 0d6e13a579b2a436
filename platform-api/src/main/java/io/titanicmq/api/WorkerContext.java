package io.titanicmq.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the platform gives a {@link Worker}: its configuration, a logger and a directory. */
public interface WorkerContext {

    /** The PF4J plug-in id, or the module name for a worker from the module path. */
    String pluginId();

    /**
     * The plug-in's configuration section {@code titanic.plugins.<plugin-id>}, unwrapped into plain
     * Java values (String, Number, Boolean, List, Map); empty when the section is absent.
     */
    Map<String, Object> config();

    /**
     * One value of {@link #config()} by dotted path, e.g. {@code "limits.max-size"}.
     *
     * @param path the dotted path inside the plug-in's section
     * @return the value rendered as a string, if present
     */
    Optional<String> setting(String path);

    /** A logger named for the plug-in; the platform routes it to its own log. */
    System.Logger logger();

    /** A directory private to this plug-in for scratch and state; it exists when handed out. */
    Path dataDir();
}
