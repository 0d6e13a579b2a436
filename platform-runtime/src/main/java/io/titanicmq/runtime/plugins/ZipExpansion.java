package io.titanicmq.runtime.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PF4J expands a zip plug-in into a directory beside it; once the zip is unloaded that directory is
 * removed too, so a removed zip leaves nothing behind.
 */
final class ZipExpansion {

    private static final Logger LOG = LoggerFactory.getLogger(ZipExpansion.class);

    private ZipExpansion() {
    }

    /** Deletes an expanded plug-in directory; failures are logged. */
    static void delete(Path expanded) {
        try (Stream<Path> tree = Files.walk(expanded)) {
            for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete expanded plug-in directory {}", expanded, e);
        }
    }
}
