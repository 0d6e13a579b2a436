package io.titanicmq.runtime.cli;

import com.typesafe.config.Config;
import io.titanicmq.runtime.config.ConfigLoader;
import io.titanicmq.runtime.config.ConfigurationException;
import io.titanicmq.runtime.server.Server;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/** The server a benchmark measures: a running one, or one embedded in this process on a temporary data dir. */
final class BenchTarget implements AutoCloseable {

    private final String endpoint;
    private final Server server;
    private final Path dataDir;

    private BenchTarget(String endpoint, Server server, Path dataDir) {
        this.endpoint = endpoint;
        this.server = server;
        this.dataDir = dataDir;
    }

    static BenchTarget remote(String endpoint) {
        return new BenchTarget(endpoint, null, null);
    }

    static BenchTarget embedded(Path plugins, int workers) throws IOException, ConfigurationException {
        Path data = Files.createTempDirectory("titanic-bench");
        Path conf = data.resolve("bench.conf");
        Files.writeString(conf, String.join("\n",
                "titanic.broker.endpoint = \"tcp://127.0.0.1:*\"",
                "titanic.data-dir = \"" + data.resolve("data").toString().replace("\\", "\\\\") + "\"",
                "titanic.plugin-host.dir = \"" + plugins.toAbsolutePath().toString().replace("\\", "\\\\") + "\"",
                "titanic.plugin-host.watch = false",
                "titanic.workers.concurrency = " + workers,
                "titanic.store.compaction-interval = 5s", ""));
        Config titanic = new ConfigLoader(Map.of(), Optional.empty()).load(Optional.of(conf));
        Server server = new Server(titanic);
        server.start();
        return new BenchTarget(server.brokerEndpoint(), server, data);
    }

    String endpoint() {
        return endpoint;
    }

    /** The embedded server's data directory, if this target is embedded. */
    Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir).map(d -> d.resolve("data"));
    }

    String describe() {
        return server != null ? "embedded server at " + endpoint + " (data in " + dataDir + ")" : "server at " + endpoint;
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
            deleteTree(dataDir);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
