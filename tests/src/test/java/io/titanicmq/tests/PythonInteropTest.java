package io.titanicmq.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.api.client.MajordomoClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent 7/MDP implementation, pyzmq over libzmq (Debian's python3-zmq), written from
 * the spec in src/test/python, talks to the Java broker: a Python client calls a Java plug-in
 * worker, a Java client calls a Python worker, and 8/MMI answers the Python client.
 */
@Timeout(120)
class PythonInteropTest {

    /** Debian's interpreter, where python3-zmq installs (a pyenv python3 on PATH lacks it). */
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @TempDir
    Path work;

    @Test
    void pythonClientAndWorkerInteroperateWithJavaBrokerAndWorkers() throws Exception {
        Files.createDirectories(work.resolve("plugins"));
        Files.copy(PluginDropEndToEndTest.echoJar(), work.resolve("plugins/echo.jar"));
        try (DistProcess server = DistProcess.start(work, "");
             MajordomoClient client = new MajordomoClient(server.endpoint())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "200".equals(PluginDropEndToEndTest.mmiService(client, "echo")));

            Process worker = python("mdp_worker.py", server.endpoint(), "py.upper", "60");
            try {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> "200".equals(PluginDropEndToEndTest.mmiService(client, "py.upper")));
                assertEquals(List.of("HELLO", "WORLD"), PluginDropEndToEndTest.text(client.call("py.upper", "hello", "world")));

                List<String> lines = runPython("mdp_client.py", server.endpoint(),
                        "echo|hello|world", "mmi.service|echo", "mmi.service|nobody", "mmi.nope|x", "py.upper|abc");
                assertEquals(List.of("echo|hello|world", "mmi.service|200", "mmi.service|404", "mmi.nope|501", "py.upper|ABC"), lines);
            } finally {
                worker.destroy();
                worker.waitFor(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "404".equals(PluginDropEndToEndTest.mmiService(client, "py.upper")));
        }
    }

    private Process python(String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, scriptDir().resolve(script).toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(script + ".log").toFile()).start();
    }

    private List<String> runPython(String script, String... args) throws IOException, InterruptedException {
        Process p = python(script, args);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), script + " did not end");
        String out = Files.readString(work.resolve(script + ".log"));
        assertEquals(0, p.exitValue(), script + " failed:\n" + out);
        return out.lines().toList();
    }

    private static Path scriptDir() {
        return Path.of(System.getProperty("titanic.python.dir", "src/test/python"));
    }
}
