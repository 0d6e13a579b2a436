package io.titanicmq.runtime.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the plug-in directory on the thread "plugin-watcher" (which owns no ZeroMQ socket, so
 * closing its {@link WatchService} is what stops it). A jar or zip created or modified is handed to
 * {@code onSettled} once its size and modification time stayed the same for the settle time; one
 * deleted is handed to {@code onGone}. Waiting is {@link WatchService#poll(long, TimeUnit)} up to the
 * next settle deadline, never a sleep.
 */
final class PluginWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginWatcher.class);

    /** A file's size and modification time: equal stamps mean nothing was written in between. */
    record Stamp(long size, FileTime modified) {
        static Optional<Stamp> of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return a.isRegularFile() ? Optional.of(new Stamp(a.size(), a.lastModifiedTime())) : Optional.empty();
            } catch (IOException e) {
                LOG.debug("Plug-in file {} unreadable (removed meanwhile?): {}", file, e.toString());
                return Optional.empty();
            }
        }
    }

    private record Pending(Stamp stamp, long due) {
    }

    private final Path dir;
    private final long settleNanos;
    private final Consumer<Path> onSettled;
    private final Consumer<Path> onGone;
    private final WatchService watchService;
    private final Thread thread;
    // Watcher-thread state (filled by markLoaded before start).
    private final Map<Path, Stamp> loaded = new HashMap<>();
    private final Map<Path, Pending> pending = new HashMap<>();

    /**
     * Registers the watch at once, so nothing copied in after this call is missed; {@link #start()}
     * starts handing files over.
     */
    PluginWatcher(Path dir, Duration settleTime, Consumer<Path> onSettled, Consumer<Path> onGone) {
        this.dir = dir;
        this.settleNanos = settleTime.toNanos();
        this.onSettled = onSettled;
        this.onGone = onGone;
        try {
            this.watchService = dir.getFileSystem().newWatchService();
            dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch plug-in directory " + dir, e);
        }
        this.thread = new Thread(this::run, "plugin-watcher");
    }

    /** Whether {@code file} looks like a plug-in: a {@code .jar} or {@code .zip}. */
    static boolean isPluginFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".jar") || name.endsWith(".zip");
    }

    /** Records a file the host loaded before the watcher started; call before {@link #start()}. */
    void markLoaded(Path file, Stamp stamp) {
        loaded.put(file, stamp);
    }

    /** Starts the watcher thread. */
    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = nextKey();
                if (key != null) {
                    for (WatchEvent<?> event : key.pollEvents()) {
                        onEvent(event);
                    }
                    if (!key.reset()) {
                        LOG.error("Plug-in directory {} is no longer watchable (deleted?); watching stops", dir);
                        return;
                    }
                }
                settle(System.nanoTime());
            }
        } catch (ClosedWatchServiceException e) {
            LOG.debug("Plug-in watcher of {} closed", dir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Plug-in watcher of {} interrupted; watching stops", dir);
        }
    }

    private WatchKey nextKey() throws InterruptedException {
        if (pending.isEmpty()) {
            return watchService.take();
        }
        long due = pending.values().stream().mapToLong(Pending::due).min().orElseThrow();
        long wait = Math.max(0, due - System.nanoTime());
        return watchService.poll(TimeUnit.NANOSECONDS.toMillis(wait) + 1, TimeUnit.MILLISECONDS);
    }

    private void onEvent(WatchEvent<?> event) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            LOG.warn("Plug-in directory {}: events lost; rescanning", dir);
            rescan();
            return;
        }
        Path file = dir.resolve((Path) event.context());
        if (!isPluginFile(file)) {
            return;
        }
        if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
            pending.remove(file);
            if (loaded.remove(file) != null) {
                handOver(onGone, file);
            }
            return;
        }
        Stamp.of(file).ifPresent(stamp -> pending.put(file, new Pending(stamp, System.nanoTime() + settleNanos)));
    }

    private void rescan() {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(PluginWatcher::isPluginFile).forEach(file -> Stamp.of(file).ifPresent(stamp -> {
                if (!stamp.equals(loaded.get(file))) {
                    pending.put(file, new Pending(stamp, System.nanoTime() + settleNanos));
                }
            }));
        } catch (IOException e) {
            LOG.error("Plug-in directory {}: rescan failed", dir, e);
        }
        for (Path file : Map.copyOf(loaded).keySet()) {
            if (!Files.exists(file)) {
                loaded.remove(file);
                handOver(onGone, file);
            }
        }
    }

    /** Hands over every pending file whose stamp held for the settle time; restarts the clock of the others. */
    private void settle(long now) {
        for (Map.Entry<Path, Pending> entry : Map.copyOf(pending).entrySet()) {
            Path file = entry.getKey();
            Pending p = entry.getValue();
            if (now - p.due() < 0) {
                continue;
            }
            Optional<Stamp> current = Stamp.of(file);
            if (current.isEmpty()) {
                pending.remove(file);
            } else if (!current.get().equals(p.stamp())) {
                pending.put(file, new Pending(current.get(), now + settleNanos));
            } else {
                pending.remove(file);
                if (!current.get().equals(loaded.get(file))) {
                    loaded.put(file, current.get());
                    handOver(onSettled, file);
                }
            }
        }
    }

    private void handOver(Consumer<Path> action, Path file) {
        try {
            action.accept(file);
        } catch (RuntimeException e) {
            LOG.error("Plug-in file {}: handling a change failed", file, e);
        }
    }

    /** Stops watching: closes the watch service, which ends the thread; waits a bounded time. */
    @Override
    public void close() {
        try {
            watchService.close();
        } catch (IOException e) {
            LOG.warn("Plug-in watcher of {}: closing the watch service failed", dir, e);
        }
        if (thread.isAlive()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Interrupted while waiting for the plug-in watcher to stop");
                return;
            }
            if (thread.isAlive()) {
                LOG.warn("Plug-in watcher still running 30 s after close (a plug-in is still stopping?)");
            }
        }
    }
}
