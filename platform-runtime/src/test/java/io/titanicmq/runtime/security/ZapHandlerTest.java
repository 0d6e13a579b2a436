package io.titanicmq.runtime.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The ZAP handler answers 27/ZAP requests over its real inproc socket. */
@Timeout(30)
class ZapHandlerTest {

    private final ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair worker = ZMQ.Curve.generateKeyPair();
    private final ZContext context = new ZContext();
    private final ZapHandler zap = new ZapHandler(context, new AccessList(new SecuritySettings(true, false, Path.of("."),
            server.publicKey, server.secretKey, Set.of(client.publicKey), Set.of(), Map.of(worker.publicKey, Set.of("echo")))));

    @AfterEach
    void close() {
        zap.close();
        context.close();
    }

    @Test
    void listedKeysAreAdmittedWithTheKeyAsUserIdOthersRefused() {
        zap.start();
        ZMQ.Socket req = context.createSocket(SocketType.REQ);
        req.setReceiveTimeOut(5000);
        req.connect(ZapHandler.ENDPOINT);
        assertEquals(List.of("1.0", "7", "200", "OK", client.publicKey, ""),
                ask(req, "1.0", "7", "titanic", "CURVE", ZMQ.Curve.z85Decode(client.publicKey)));
        assertEquals(List.of("1.0", "8", "200", "OK", worker.publicKey, ""),
                ask(req, "1.0", "8", "titanic", "CURVE", ZMQ.Curve.z85Decode(worker.publicKey)));
        assertEquals("400", ask(req, "1.0", "9", "titanic", "CURVE", ZMQ.Curve.z85Decode(server.publicKey)).get(2),
                "a key in no list");
        assertEquals("400", ask(req, "1.0", "10", "other", "CURVE", ZMQ.Curve.z85Decode(client.publicKey)).get(2),
                "another domain");
        assertEquals("400", ask(req, "1.0", "11", "titanic", "NULL", null).get(2), "NULL mechanism");
        assertEquals("500", ask(req, "2.0", "12", "titanic", "CURVE", ZMQ.Curve.z85Decode(client.publicKey)).get(2),
                "unknown ZAP version");
        assertEquals(2, zap.admitted());
        assertEquals(4, zap.refused());
    }

    @Test
    void aSecondHandlerInTheSameContextCannotStart() {
        zap.start();
        try (ZapHandler second = new ZapHandler(context, new AccessList(new SecuritySettings(true, false, Path.of("."),
                server.publicKey, server.secretKey, Set.of(), Set.of(), Map.of())))) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, second::start);
        }
    }

    private static List<String> ask(ZMQ.Socket req, String version, String id, String domain, String mechanism,
                                    byte[] key) {
        List<byte[]> frames = new ArrayList<>(List.of(ascii(version), ascii(id), ascii(domain), ascii("127.0.0.1"),
                new byte[0], ascii(mechanism)));
        if (key != null) {
            frames.add(key);
        }
        for (int i = 0; i < frames.size(); i++) {
            req.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        List<String> reply = new ArrayList<>();
        reply.add(new String(req.recv(), StandardCharsets.UTF_8));
        while (req.hasReceiveMore()) {
            reply.add(new String(req.recv(), StandardCharsets.UTF_8));
        }
        return reply;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
