package io.titanicmq.runtime.plugins;

import com.typesafe.config.Config;
import io.titanicmq.api.Worker;
import io.titanicmq.runtime.worker.ConfiguredWorkerContext;
import io.titanicmq.runtime.worker.WorkerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * Hosts workers: PF4J plug-ins (jars and zips in the plug-in directory, loaded at start and, when
 * watching, whenever one is copied in; unloaded when removed) and, optionally, workers found on the
 * module path. Each worker gets a {@link ConfiguredWorkerContext} and {@code concurrency} MDP
 * connections to the broker.
 *
 * <p>A plug-in is isolated: when it cannot be loaded, a worker's constructor or {@code start}
 * throws, or it names an invalid service, it is {@link PluginStatus.State#FAILED} with the cause
 * logged, and the host and every other plug-in keep running.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    private static final String MODULE_PATH = "module-path";

    private final PluginHostSettings settings;
    private final WorkerSettings workerSettings;
    private final ZContext ctx;
    private final Config titanic;
    private final Path dataDir;
    private final PluginManager manager;
    private final Map<Path, Loaded> byFile = new LinkedHashMap<>();
    private final List<ServedPlugin> modules = new ArrayList<>();
    private final Map<String, PluginStatus> statuses = new ConcurrentHashMap<>();
    private PluginWatcher watcher;
    private boolean closed;

    /** A plug-in loaded from a file: its PF4J id and what serves its workers. */
    private record Loaded(String pluginId, ServedPlugin served) {
    }

    /**
     * Prepares the host; {@link #start()} loads and serves.
     *
     * @param settings the plug-in directory and how it is watched
     * @param workerSettings how the hosted workers connect to the broker
     * @param ctx the process's context
     * @param titanic the {@code titanic} config section; {@code plugins.<plugin-id>} goes to each plug-in
     * @param dataDir the platform's data directory; plug-in {@code x} gets {@code <dataDir>/plugins/x}
     */
    public PluginHost(PluginHostSettings settings, WorkerSettings workerSettings, ZContext ctx, Config titanic,
                      Path dataDir) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.workerSettings = Objects.requireNonNull(workerSettings, "workerSettings");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.titanic = Objects.requireNonNull(titanic, "titanic");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        try {
            Files.createDirectories(settings.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create plug-in directory " + settings.dir(), e);
        }
        this.manager = new DeploymentPluginManager(settings.dir());
    }

    /**
     * Loads every plug-in in the directory and starts its workers, starts the module-path workers,
     * then the directory watcher. A failing plug-in does not stop the others.
     */
    public void start() {
        PluginWatcher w = settings.watch()
                ? new PluginWatcher(settings.dir(), settings.settleTime(), this::load, this::unload) : null;
        for (Path file : pluginFiles()) {
            PluginWatcher.Stamp.of(file).ifPresent(stamp -> {
                load(file);
                if (w != null) {
                    w.markLoaded(file, stamp);
                }
            });
        }
        if (settings.modulePathWorkers()) {
            startModulePathWorkers();
        }
        if (w != null) {
            synchronized (this) {
                watcher = w;
            }
            w.start();
        }
        LOG.info("Plug-in host on {} started: {} plug-ins, watching {}", settings.dir(), statuses.size(),
                settings.watch());
    }

    /** The state of every plug-in and module the host knows, sorted by id. */
    public List<PluginStatus> status() {
        return statuses.values().stream().sorted(Comparator.comparing(PluginStatus::id)
                .thenComparing(PluginStatus::source)).toList();
    }

    private List<Path> pluginFiles() {
        try (Stream<Path> files = Files.list(settings.dir())) {
            return files.filter(PluginWatcher::isPluginFile).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plug-in directory " + settings.dir(), e);
        }
    }

    /** Loads (or reloads, when already loaded) the plug-in in {@code file} and serves its workers. */
    synchronized void load(Path file) {
        if (closed) {
            return;
        }
        if (byFile.containsKey(file)) {
            LOG.info("Plug-in file {} changed: reloading", file);
            unload(file);
        }
        Optional<String> outside = PluginLocation.outside(settings.dir(), file);
        if (outside.isPresent()) {
            LOG.warn("Plug-in file {} REFUSED: {}; only files inside {} are loaded", file, outside.get(), settings.dir());
            statuses.put(file.toString(), new PluginStatus(file.getFileName().toString(), "", PluginStatus.State.FAILED,
                    List.of(), file.toString(), "refused: " + outside.get()));
            return;
        }
        String pluginId = null;
        String version = "";
        try {
            pluginId = manager.loadPlugin(file);
            PluginWrapper wrapper = manager.getPlugin(pluginId);
            version = wrapper.getDescriptor().getVersion();
            PluginState state = manager.startPlugin(pluginId);
            if (state != PluginState.STARTED) {
                throw new IllegalStateException("PF4J left it " + state, wrapper.getFailedException());
            }
            List<Worker> workers = WorkerDiscovery.discover(wrapper.getPluginClassLoader(), pluginId);
            ConfiguredWorkerContext context = new ConfiguredWorkerContext(pluginId, titanic, dataDir);
            ServedPlugin served = ServedPlugin.serve(pluginId, workers, context, ctx, workerSettings);
            byFile.put(file, new Loaded(pluginId, served));
            statuses.put(file.toString(), new PluginStatus(pluginId, version, PluginStatus.State.STARTED,
                    served.services(), file.toString(), ""));
            LOG.info("Plug-in {} {} from {} started: services {}", pluginId, version, file, served.services());
        } catch (RuntimeException | LinkageError e) {
            String id = pluginId != null ? pluginId : file.getFileName().toString();
            LOG.error("Plug-in {} from {} FAILED: {}", id, file, describe(e), e);
            statuses.put(file.toString(), new PluginStatus(id, version == null ? "" : version,
                    PluginStatus.State.FAILED, List.of(), file.toString(), describe(e)));
            if (pluginId != null) {
                unloadFromPf4j(pluginId, file);
            }
        }
    }

    /** Stops and unloads the plug-in that came from {@code file}, and forgets it. */
    synchronized void unload(Path file) {
        statuses.remove(file.toString());
        Loaded loaded = byFile.remove(file);
        if (loaded == null) {
            return;
        }
        loaded.served().stop();
        unloadFromPf4j(loaded.pluginId(), file);
        LOG.info("Plug-in {} from {} stopped and unloaded", loaded.pluginId(), file);
    }

    private void unloadFromPf4j(String pluginId, Path file) {
        PluginWrapper wrapper = manager.getPlugin(pluginId);
        Path expanded = wrapper == null ? null : wrapper.getPluginPath();
        try {
            manager.unloadPlugin(pluginId);
        } catch (RuntimeException e) {
            LOG.error("Plug-in {} from {}: PF4J failed to unload it", pluginId, file, e);
        }
        if (file.getFileName().toString().endsWith(".zip") && expanded != null && !expanded.equals(file)
                && Files.isDirectory(expanded)) {
            ZipExpansion.delete(expanded);
        }
    }

    private void startModulePathWorkers() {
        ModulePathWorkers.Found found = ModulePathWorkers.find();
        found.failures().forEach((id, cause) -> statuses.put(MODULE_PATH + ":" + id,
                new PluginStatus(id, "", PluginStatus.State.FAILED, List.of(), MODULE_PATH, cause)));
        found.workers().forEach((id, workers) -> {
            try {
                ConfiguredWorkerContext context = new ConfiguredWorkerContext(id, titanic, dataDir);
                ServedPlugin served = ServedPlugin.serve(id, workers, context, ctx, workerSettings);
                synchronized (this) {
                    modules.add(served);
                }
                statuses.put(MODULE_PATH + ":" + id, new PluginStatus(id, found.versions().getOrDefault(id, ""),
                        PluginStatus.State.STARTED, served.services(), MODULE_PATH, ""));
            } catch (RuntimeException | LinkageError e) {
                LOG.error("Module-path workers of {} FAILED: {}", id, describe(e), e);
                statuses.put(MODULE_PATH + ":" + id, new PluginStatus(id, found.versions().getOrDefault(id, ""),
                        PluginStatus.State.FAILED, List.of(), MODULE_PATH, describe(e)));
            }
        });
    }

    /** A failure and its causes on one line, for the status and the log. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (text.length() > 0) {
                text.append("; caused by ");
            }
            text.append(t.getClass().getName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    /**
     * Stops watching, then stops every plug-in and module: all connections start closing at once
     * (running requests get {@code stop-grace} to finish, else are handed back), then each worker's
     * {@code stop()} runs and PF4J unloads the plug-ins.
     */
    @Override
    public void close() {
        PluginWatcher w;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            w = watcher;
        }
        if (w != null) {
            w.close();
        }
        synchronized (this) {
            byFile.values().forEach(l -> l.served().beginStop());
            modules.forEach(ServedPlugin::beginStop);
            for (Map.Entry<Path, Loaded> e : byFile.entrySet()) {
                e.getValue().served().stop();
                unloadFromPf4j(e.getValue().pluginId(), e.getKey());
            }
            modules.forEach(ServedPlugin::stop);
            byFile.clear();
            modules.clear();
            statuses.replaceAll((k, s) -> s.state() == PluginStatus.State.STARTED ? s.with(PluginStatus.State.STOPPED) : s);
        }
        LOG.info("Plug-in host on {} closed", settings.dir());
    }
}
