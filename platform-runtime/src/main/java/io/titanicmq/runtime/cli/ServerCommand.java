package io.titanicmq.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.titanicmq.runtime.config.ConfigLoader;
import io.titanicmq.runtime.config.ConfigurationException;
import io.titanicmq.runtime.server.Server;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code titanic server}: runs the configured roles until stopped (Ctrl-C, SIGTERM). */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Runs TitanicMQ: the broker, the Titanic services and the plug-in workers",
                "(as titanic.roles says) until Ctrl-C or SIGTERM."},
        footer = {"", "Environment: TITANIC_ENDPOINT (broker bind), TITANIC_DATA_DIR, TITANIC_PLUGINS_DIR,",
                "TITANIC_BROKER (broker a workers-only node connects to)."})
final class ServerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (HOCON); default: conf/application.conf of the installation.")
    Path config;

    @Override
    public Integer call() throws ConfigurationException, InterruptedException {
        Config titanic = ConfigLoader.forProcess().load(Optional.ofNullable(config));
        Server server;
        try {
            server = new Server(titanic);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("stopping");
            server.close();
            stopped.countDown();
        }, "titanic-shutdown");
        try {
            server.start();
        } catch (RuntimeException e) {
            LOG.error("start-up failed: {}", e.getMessage(), e);
            return ExitCodes.SERVER_ERROR;
        }
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
        return ExitCodes.OK;
    }
}
