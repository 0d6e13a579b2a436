package io.titanicmq.runtime.plugins;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps plug-in code inside the configured plug-in directory: a file is loaded only when its real
 * path (symbolic links followed) lies directly in the directory's real path. A symbolic link
 * pointing at a jar elsewhere (another user's home, /tmp) is refused, so whoever controls the
 * plug-in directory's contents is the only one who decides what code runs.
 */
final class PluginLocation {

    private PluginLocation() {
    }

    /**
     * Why {@code file} may not be loaded from {@code dir}, or empty when it may.
     *
     * @param dir  the configured plug-in directory
     * @param file a file listed in it
     */
    static Optional<String> outside(Path dir, Path file) {
        Path realDir;
        Path realFile;
        try {
            realDir = dir.toRealPath();
            realFile = file.toRealPath();
        } catch (IOException e) {
            return Optional.of("its real path cannot be resolved (" + e.getMessage() + ")");
        }
        if (!realDir.equals(realFile.getParent())) {
            return Optional.of("it resolves to " + realFile + ", outside the plug-in directory");
        }
        return Optional.empty();
    }
}
