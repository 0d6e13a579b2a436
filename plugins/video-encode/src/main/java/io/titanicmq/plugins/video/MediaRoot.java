package io.titanicmq.plugins.video;

import io.titanicmq.api.WorkerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The directory all inputs and outputs live under. Request paths are relative to it; any path
 * that would leave it ({@code ..}, absolute paths, symbolic links pointing outside) is refused.
 */
public final class MediaRoot {

    private final Path root;

    /** @param root the media root; it need not exist yet (then every request fails terminally) */
    public MediaRoot(Path root) {
        this.root = root;
    }

    /**
     * Resolves an existing input file.
     *
     * @throws WorkerException (terminal) if the path escapes the root or is not a readable file
     */
    public Path input(String relative) throws WorkerException {
        Path real;
        try {
            real = lexical(relative).toRealPath();
        } catch (IOException e) {
            throw WorkerException.terminal("input '" + relative + "' not found under the media root");
        }
        requireInside(real, relative);
        if (!Files.isRegularFile(real)) {
            throw WorkerException.terminal("input '" + relative + "' is not a regular file");
        }
        return real;
    }

    /**
     * Resolves where an output goes: its directory must exist inside the root, and an existing
     * file of that name must not be a symbolic link.
     *
     * @throws WorkerException (terminal) if the path escapes the root
     */
    public Path output(String relative) throws WorkerException {
        Path path = lexical(relative);
        Path dir;
        try {
            dir = path.getParent().toRealPath();
        } catch (IOException e) {
            throw WorkerException.terminal("output directory of '" + relative + "' does not exist under the media root");
        }
        requireInside(dir, relative);
        Path target = dir.resolve(path.getFileName());
        if (Files.isSymbolicLink(target) || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw WorkerException.terminal("output '" + relative + "' is a link or a directory");
        }
        return target;
    }

    /** The path relative to the root's real path, with '/' separators, for replies. */
    public String relativize(Path file) throws WorkerException {
        return realRoot().relativize(file).toString().replace('\\', '/');
    }

    private Path lexical(String relative) throws WorkerException {
        Path p;
        try {
            p = Path.of(relative);
        } catch (IllegalArgumentException e) {
            throw WorkerException.terminal("invalid path '" + relative + "': " + e.getMessage());
        }
        if (p.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
            throw WorkerException.terminal("path '" + relative + "' is absolute; give a path relative to the media root");
        }
        for (Path part : p) {
            if (part.toString().equals("..")) {
                throw WorkerException.terminal("path '" + relative + "' contains '..'; it must stay inside the media root");
            }
        }
        return root.resolve(p).normalize();
    }

    private void requireInside(Path real, String relative) throws WorkerException {
        if (!real.startsWith(realRoot())) {
            throw WorkerException.terminal("path '" + relative + "' resolves outside the media root");
        }
    }

    private Path realRoot() throws WorkerException {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw WorkerException.terminal("media root " + root + " does not exist; set "
                    + EncodeSettings.SECTION + ".media-root");
        }
    }
}
