package io.titanicmq.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.ClientOptions;
import io.titanicmq.api.client.CurveCredentials;
import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.api.client.ReplyResult;
import io.titanicmq.api.client.TitanicClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The dist with CurveZMQ on, set up as docs/security.md says: keys made with
 * {@code titanic keys generate}, allow-lists in the config. An allowed Java client, the CLI and a
 * pyzmq (libzmq) client get their replies; an unknown key gets no answer and the server logs its
 * fingerprint; the hosted echo worker keeps working over inproc.
 */
@Timeout(180)
class SecurityEndToEndTest {

    private static final Duration CLI = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void curveServerAnswersAllowedKeysOnlyFromJavaCliAndPyzmq() throws Exception {
        Path keys = work.resolve("keys");
        String server = generate(keys, "server");
        String alice = generate(keys.resolve("clients"), "alice");
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keys.resolve("clients/alice.key_secret"))), "secret key is owner-only");
        Files.createDirectories(work.resolve("plugins"));
        Files.copy(PluginDropEndToEndTest.echoJar(), work.resolve("plugins/echo.jar"));
        String config = "titanic.security { curve = on, keys-dir = \"" + keys + "\", clients = [\"clients\"] }\n";
        try (DistProcess dist = DistProcess.start(work, config); ZContext context = new ZContext()) {
            assertTrue(dist.logText().contains("CurveZMQ on"), dist.logText());
            TitanicClient java = new TitanicClient(context, dist.endpoint(), options(credentials(keys, server, "clients/alice")));
            await().atMost(Duration.ofSeconds(20)).until(() -> "200".equals(
                    PluginDropEndToEndTest.mmiService(java.majordomo(), "echo")));
            String id = java.request("echo", List.of("hello".getBytes(StandardCharsets.UTF_8)));
            ReplyResult reply = java.waitForReply(id, Duration.ofSeconds(30));
            assertEquals(List.of("hello"), assertInstanceOf(ReplyResult.Ready.class, reply).textFrames());

            DistProcess.Result request = DistProcess.cli(CLI, "request", "--broker", dist.endpoint(),
                    "--server-key", keys.resolve("server.key").toString(), "--key", keys.resolve("clients/alice.key").toString(),
                    "echo", "from the cli");
            assertEquals(0, request.exitCode(), request.output());
            String cliId = request.output().strip().lines().reduce((a, b) -> b).orElseThrow();
            DistProcess.Result cliReply = DistProcess.cli(CLI, "reply", cliId, "--wait", "30s", "--broker", dist.endpoint(),
                    "--server-key", keys.resolve("server.key").toString(), "--key", keys.resolve("clients/alice").toString());
            assertEquals(0, cliReply.exitCode(), cliReply.output());
            assertTrue(cliReply.output().contains("from the cli"), cliReply.output());
            DistProcess.Result plaintext = DistProcess.cli(CLI, "reply", cliId, "--broker", dist.endpoint(),
                    "--timeout", "500ms", "--retries", "0");
            assertEquals(3, plaintext.exitCode(), "a plaintext client gets no answer: " + plaintext.output());

            assertEquals(List.of("hello from python"), pyzmq(dist.endpoint(), keys, "clients/alice", "echo", "hello from python"));

            ZMQ.Curve.KeyPair stranger = ZMQ.Curve.generateKeyPair();
            String fingerprint = stranger.publicKey.substring(0, 8);
            try (MajordomoClient unknown = new MajordomoClient(context, dist.endpoint(), ClientOptions.builder()
                    .timeout(Duration.ofMillis(1500)).retries(1).slots(1)
                    .curve(new CurveCredentials(server, stranger.publicKey, stranger.secretKey)).build())) {
                assertThrows(ClientException.class, () -> unknown.call("mmi.service", "echo"), "an unknown key gets no answer");
                // Still connected (and retrying the handshake) while the log is checked.
                try {
                    await().atMost(Duration.ofSeconds(20)).until(() -> dist.logText().contains("Refused key " + fingerprint));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    fail("the server log does not name the refused key " + fingerprint + ":\n" + dist.logText(), e);
                }
            }
            java.close();
        }
    }

    private static ClientOptions options(CurveCredentials credentials) {
        return ClientOptions.builder().timeout(Duration.ofSeconds(3)).slots(2).curve(credentials).build();
    }

    static CurveCredentials credentials(Path keys, String server, String name) throws IOException {
        return new CurveCredentials(server, keyLine(keys.resolve(name + ".key")), keyLine(keys.resolve(name + ".key_secret")));
    }

    private static String keyLine(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow();
    }

    /** {@code titanic keys generate} from the dist; returns the public key it prints. */
    static String generate(Path dir, String name) throws Exception {
        DistProcess.Result result = DistProcess.cli(CLI, "keys", "generate", "--out", dir.toString(), "--name", name);
        assertEquals(0, result.exitCode(), result.output());
        String printed = result.output().lines().filter(l -> l.length() == 40).findFirst().orElseThrow();
        assertEquals(printed, keyLine(dir.resolve(name + ".key")));
        return printed;
    }

    private List<String> pyzmq(String endpoint, Path keys, String name, String service, String frame) throws Exception {
        Process check = new ProcessBuilder(PythonInteropTest.PYTHON, "-c", "import zmq; assert zmq.has('curve')")
                .redirectErrorStream(true).start();
        assertTrue(check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0,
                "pyzmq with CURVE is required (apt-get install python3-zmq): "
                        + new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        List<String> command = new ArrayList<>(List.of(PythonInteropTest.PYTHON,
                Path.of(System.getProperty("titanic.python.dir", "src/test/python")).resolve("tsp_curve_client.py").toString(),
                endpoint, keys.resolve("server.key").toString(), keys.resolve(name + ".key").toString(),
                keys.resolve(name + ".key_secret").toString(), service, frame));
        Path log = work.resolve("tsp_curve_client.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tsp_curve_client.py did not end");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), "tsp_curve_client.py failed:\n" + out);
        return out.lines().toList();
    }
}
