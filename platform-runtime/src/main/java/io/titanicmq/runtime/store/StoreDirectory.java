package io.titanicmq.runtime.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the store directory readable by its owner only (0700): requests and replies may hold
 * personal or financial data. An existing directory is left as it is, with a warning when others
 * can read or enter it.
 */
final class StoreDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(StoreDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private StoreDirectory() {
    }

    /** Creates {@code dir} (and missing parents) with mode 0700 where the file system has POSIX modes. */
    static void create(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            warnIfShared(absolute);
            return;
        }
        Path existing = absolute.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        boolean posix = existing != null
                && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
        if (posix) {
            Files.createDirectories(absolute, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            // The umask cannot widen 0700, but set it explicitly in case the directory raced into existence.
            Files.setPosixFilePermissions(absolute, OWNER_ONLY);
        } else {
            Files.createDirectories(absolute);
        }
    }

    private static void warnIfShared(Path dir) throws IOException {
        if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) == null) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        permissions.retainAll(OTHERS);
        if (!permissions.isEmpty()) {
            LOG.warn("The store directory {} is accessible to other users ({}); chmod 700 it",
                    dir, PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        }
    }
}
