package io.titanicmq.runtime.server;

import com.typesafe.config.Config;
import io.titanicmq.runtime.broker.Broker;
import io.titanicmq.runtime.broker.BrokerSettings;
import io.titanicmq.runtime.broker.PeerAccess;
import io.titanicmq.runtime.plugins.PluginHost;
import io.titanicmq.runtime.plugins.PluginHostSettings;
import io.titanicmq.runtime.security.AccessList;
import io.titanicmq.runtime.security.EndpointPolicy;
import io.titanicmq.runtime.security.SecuritySettings;
import io.titanicmq.runtime.security.ZapHandler;
import io.titanicmq.runtime.titanic.Titanic;
import io.titanicmq.runtime.worker.WorkerSettings;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * One TitanicMQ process: the roles of {@code titanic.roles}, wired together and started in
 * order (broker, titanic, workers), stopped in reverse order.
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final Config titanic;
    private final Set<Roles> roles;
    private final ZContext context = new ZContext();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private Broker broker;

    /**
     * Reads every setting eagerly, so a bad value stops start-up before anything binds.
     *
     * @param titanic the validated {@code titanic} config subtree
     */
    public Server(Config titanic) {
        this.titanic = titanic;
        this.roles = Roles.from(titanic);
        validate(titanic);
    }

    /**
     * Reads every room's settings once, so a bad value (wrong type, out of range) stops start-up
     * with its file, line and key before anything binds or opens.
     *
     * @throws com.typesafe.config.ConfigException naming the origin and key
     */
    static void validate(Config titanic) {
        BrokerSettings broker = BrokerSettings.from(titanic);
        SecuritySettings security = SecuritySettings.from(titanic);
        if (Roles.from(titanic).contains(Roles.BROKER)) {
            EndpointPolicy.check(broker.endpoint(), security);
        }
        WorkerSettings.from(titanic, "inproc://validation-only");
        PluginHostSettings.from(titanic);
        io.titanicmq.runtime.titanic.Titanic.validate(titanic);
    }

    /** Starts the roles; on failure, stops what had started and rethrows. */
    public void start() {
        try {
            BrokerSettings brokerSettings = BrokerSettings.from(titanic);
            String brokerEndpoint = brokerSettings.endpoint();
            if (roles.contains(Roles.BROKER)) {
                broker = new Broker(context, brokerSettings, access());
                started.push(broker);
                Titanic titanicRole = null;
                if (roles.contains(Roles.TITANIC)) {
                    titanicRole = new Titanic(titanic, broker);
                    started.push(titanicRole);
                }
                broker.start();
                if (titanicRole != null) {
                    titanicRole.start();
                }
                LOG.info("broker bound to {}", broker.endpoint());
                brokerEndpoint = broker.inprocEndpoint();
            }
            if (roles.contains(Roles.WORKERS)) {
                WorkerSettings workerSettings = WorkerSettings.from(titanic, brokerEndpoint);
                PluginHostSettings hostSettings = PluginHostSettings.from(titanic);
                PluginHost host = new PluginHost(hostSettings, workerSettings, context, titanic, dataDir());
                started.push(host);
                host.start();
            }
            LOG.info("TitanicMQ started: roles {}", roles);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * With CURVE on: starts the ZAP handler in this context (before the broker binds) and returns
     * the allow-lists; else {@link PeerAccess#OPEN}.
     */
    private PeerAccess access() {
        SecuritySettings security = SecuritySettings.from(titanic);
        if (!security.curve()) {
            return PeerAccess.OPEN;
        }
        AccessList access = new AccessList(security);
        ZapHandler zap = new ZapHandler(context, access);
        started.push(zap);
        zap.start();
        LOG.info("CurveZMQ on: {}", security);
        return access;
    }

    /** The endpoint clients connect to: the bound one when this process runs the broker. */
    public String brokerEndpoint() {
        return broker != null ? broker.endpoint() : BrokerSettings.from(titanic).endpoint();
    }

    private Path dataDir() {
        return Path.of(titanic.getString("data-dir"));
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed; continuing shutdown", part.getClass().getSimpleName(), e);
            }
        }
        context.close();
    }
}
