package io.titanicmq.runtime.plugins;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.titanicmq.api.protocol.MdpCommand;
import io.titanicmq.runtime.worker.FakeBroker;
import io.titanicmq.runtime.worker.WorkerSettings;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class PluginHostTest {

    @TempDir
    Path root;

    private Path plugins;
    private Path staging;
    private ZContext ctx;
    private FakeBroker broker;
    private PluginHost host;

    @BeforeEach
    void setUp() throws IOException {
        plugins = Files.createDirectories(root.resolve("plugins"));
        staging = Files.createDirectories(root.resolve("staging"));
        ctx = new ZContext();
        broker = new FakeBroker(ctx);
    }

    @AfterEach
    void tearDown() {
        if (host != null) {
            host.close();
        }
        broker.close();
        ctx.close();
    }

    private PluginHost startHost(Duration settle, boolean modulePath, String config) {
        Config titanic = ConfigFactory.parseString(config).withFallback(ConfigFactory.defaultReference())
                .resolve().getConfig("titanic");
        WorkerSettings ws = new WorkerSettings(broker.endpoint(), 1, Duration.ofMillis(200), 10,
                Duration.ofMillis(100), Duration.ofSeconds(2));
        host = new PluginHost(new PluginHostSettings(plugins, true, settle, modulePath), ws, ctx, titanic,
                root.resolve("data"));
        host.start();
        return host;
    }

    private PluginHost startHost() {
        return startHost(Duration.ofMillis(200), false, "");
    }

    private Optional<PluginStatus> status(String id) {
        return host.status().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    private void assertServes(String service) {
        String worker = broker.awaitReady(service);
        List<String> reply = broker.call(worker, "c-" + service, "ping");
        assertEquals(List.of(service, "org.pf4j.PluginClassLoader", "ping"), reply,
                "served by the worker class loaded from the plug-in jar");
    }

    @Test
    void droppingJarStartsItsService() throws IOException {
        startHost();
        assertEquals(List.of(), host.status());
        PluginJars.drop(plugins, staging, "alpha.jar", PluginJars.jar("alpha", "1.2.3", TestEchoWorker.class));
        assertServes("echo-alpha");
        PluginStatus s = status("alpha").orElseThrow();
        assertEquals(PluginStatus.State.STARTED, s.state());
        assertEquals("1.2.3", s.version());
        assertEquals(List.of("echo-alpha"), s.services());
        assertTrue(Files.isDirectory(root.resolve("data/plugins/alpha")), "plug-in data dir created");
    }

    @Test
    void symlinkToAJarOutsideThePluginDirectoryIsNeverLoaded() throws IOException {
        Path outside = Files.write(staging.resolve("evil.jar"), PluginJars.jar("evil", "1.0.0", TestEchoWorker.class));
        Files.createSymbolicLink(plugins.resolve("evil.jar"), outside);
        Files.write(plugins.resolve("good.jar"), PluginJars.jar("good", "1.0.0", TestEchoWorker.class));
        startHost();
        assertServes("echo-good");
        PluginStatus refused = host.status().stream().filter(s -> s.source().endsWith("evil.jar")).findFirst().orElseThrow();
        assertEquals(PluginStatus.State.FAILED, refused.state());
        assertTrue(refused.failure().contains("outside the plug-in directory"), refused.failure());
        assertTrue(status("evil").isEmpty(), "PF4J never saw the plug-in");
    }

    @Test
    void jarsAlreadyInTheDirectoryAreServedAtStart() throws IOException {
        Files.write(plugins.resolve("beta.jar"), PluginJars.jar("beta", "1.0.0", TestEchoWorker.class));
        startHost(Duration.ofMillis(200), false, "titanic.plugins.beta.service = beta-svc");
        assertServes("beta-svc");
    }

    @Test
    void removingJarStopsItsService() throws IOException {
        Path jar = Files.write(plugins.resolve("gone.jar"), PluginJars.jar("gone", "1.0.0", TestEchoWorker.class));
        startHost();
        String worker = broker.awaitReady("echo-gone");
        Files.delete(jar);
        await().atMost(Duration.ofSeconds(20)).until(() -> !broker.received(worker, MdpCommand.DISCONNECT).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> status("gone").isEmpty());
    }

    @Test
    void loadingBrokenPluginDoesNotStopOtherServices() throws IOException {
        Files.write(plugins.resolve("broken.jar"), PluginJars.jar("broken", "1.0.0", ThrowingWorker.class));
        Files.write(plugins.resolve("good.jar"), PluginJars.jar("good", "1.0.0", TestEchoWorker.class));
        Files.write(plugins.resolve("junk.jar"), "not a jar at all".getBytes(StandardCharsets.UTF_8));
        startHost();
        PluginStatus broken = status("broken").orElseThrow();
        assertEquals(PluginStatus.State.FAILED, broken.state());
        assertTrue(broken.failure().contains("constructor refuses"), broken.failure());
        assertEquals(PluginStatus.State.FAILED, status("junk.jar").orElseThrow().state());
        assertServes("echo-good");
        PluginJars.drop(plugins, staging, "later.jar", PluginJars.jar("later", "1.0.0", TestEchoWorker.class));
        assertServes("echo-later");
    }

    @Test
    void pluginWithMmiServiceIsRefused() throws IOException {
        Files.write(plugins.resolve("evil.jar"), PluginJars.jar("evil", "1.0.0", TestEchoWorker.class));
        Files.write(plugins.resolve("fine.jar"), PluginJars.jar("fine", "1.0.0", TestEchoWorker.class));
        startHost(Duration.ofMillis(200), false, "titanic.plugins.evil.service = mmi.evil");
        PluginStatus evil = status("evil").orElseThrow();
        assertEquals(PluginStatus.State.FAILED, evil.state());
        assertTrue(evil.failure().contains("mmi."), evil.failure());
        assertServes("echo-fine");
        assertEquals(List.of(), broker.readies("mmi.evil"));
    }

    @Test
    void halfCopiedJarIsNotLoadedUntilSettled() throws IOException {
        startHost(Duration.ofMillis(1500), false, "");
        byte[] jar = PluginJars.jar("late", "1.0.0", TestEchoWorker.class);
        Path file = Files.write(plugins.resolve("late.jar"), Arrays.copyOf(jar, jar.length / 2));
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> host.status().isEmpty());
        Files.write(file, jar);
        assertServes("echo-late");
        assertEquals(PluginStatus.State.STARTED, status("late").orElseThrow().state());
    }

    @Test
    void replacingJarReloadsThePlugin() throws IOException {
        Files.write(plugins.resolve("swap.jar"), PluginJars.jar("swap", "1.0.0", TestEchoWorker.class));
        startHost();
        String first = broker.awaitReady("echo-swap");
        PluginJars.drop(plugins, staging, "swap.jar", PluginJars.jar("swap", "2.0.0", TestEchoWorker.class));
        await().atMost(Duration.ofSeconds(20)).until(() -> !broker.received(first, MdpCommand.DISCONNECT).isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> status("swap").map(PluginStatus::version).orElse("")
                .equals("2.0.0"));
        String second = broker.awaitNewReady("echo-swap", List.of(first));
        assertEquals("echo-swap", broker.call(second, "c2", "x").get(0));
    }

    @Test
    void zipPluginWithLibIsServedAndItsExpansionRemovedWithIt() throws IOException {
        startHost();
        Path zip = PluginJars.drop(plugins, staging, "zipped.zip", PluginJars.zip("zipped", "3.0.0", TestEchoWorker.class));
        assertServes("echo-zipped");
        assertTrue(Files.isDirectory(plugins.resolve("zipped")), "PF4J expanded the zip beside it");
        String worker = broker.awaitReady("echo-zipped");
        Files.delete(zip);
        await().atMost(Duration.ofSeconds(20)).until(() -> !broker.received(worker, MdpCommand.DISCONNECT).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(plugins.resolve("zipped")));
    }

    @Test
    void closeStopsEveryPluginAndDisconnects() throws IOException {
        Files.write(plugins.resolve("one.jar"), PluginJars.jar("one", "1.0.0", TestEchoWorker.class));
        startHost();
        String worker = broker.awaitReady("echo-one");
        host.close();
        assertEquals(PluginStatus.State.STOPPED, status("one").orElseThrow().state());
        await().atMost(Duration.ofSeconds(10)).until(() -> !broker.received(worker, MdpCommand.DISCONNECT).isEmpty());
        host = null;
    }

    @Test
    void servesWorkersListedOnTheClassPathWhenModulePathWorkersIsOn() throws IOException {
        Path services = Files.createDirectories(root.resolve("cp/META-INF/services"));
        Files.writeString(services.resolve("io.titanicmq.api.Worker"), TestEchoWorker.class.getName() + "\n");
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        try (URLClassLoader cp = new URLClassLoader(new URL[] {root.resolve("cp").toUri().toURL()}, previous)) {
            current.setContextClassLoader(cp);
            startHost(Duration.ofMillis(200), true, "");
        } finally {
            current.setContextClassLoader(previous);
        }
        String worker = broker.awaitReady("echo-classpath");
        assertEquals("echo-classpath", broker.call(worker, "cp", "x").get(0));
        assertEquals(PluginStatus.State.STARTED, status("classpath").orElseThrow().state());
    }
}
