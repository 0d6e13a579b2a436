package io.titanicmq.api.client;

import java.util.Objects;
import org.zeromq.ZMQ;

/**
 * The keys a CurveZMQ client needs to talk to a broker that has CURVE on: the server's public key
 * and the client's own key pair, each as 40 characters of Z85 text (the content of the
 * {@code NAME.key} and {@code NAME.key_secret} files that {@code titanic keys generate} writes).
 *
 * <p>JeroMQ encrypts with jnacl: on the module path, {@code jnacl} must be resolved
 * ({@code --add-modules jnacl}, or a module that {@code requires jnacl}).
 *
 * @param serverPublicKey the broker's public key, Z85
 * @param publicKey       this client's public key, Z85
 * @param secretKey       this client's secret key, Z85
 */
public record CurveCredentials(String serverPublicKey, String publicKey, String secretKey) {

    /** Z85 encodes the 32 bytes of a CURVE key in 40 characters. */
    public static final int Z85_LENGTH = 40;

    private static final String Z85_ALPHABET =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

    /** Checks that each key is 40 characters of Z85 that decode to 32 bytes. */
    public CurveCredentials {
        serverPublicKey = checked(serverPublicKey, "server public key");
        publicKey = checked(publicKey, "public key");
        secretKey = checked(secretKey, "secret key");
    }

    /** Makes {@code socket} a CURVE client with these keys; call before {@code connect}. */
    public void applyTo(ZMQ.Socket socket) {
        socket.setCurveServerKey(ZMQ.Curve.z85Decode(serverPublicKey));
        socket.setCurvePublicKey(ZMQ.Curve.z85Decode(publicKey));
        socket.setCurveSecretKey(ZMQ.Curve.z85Decode(secretKey));
    }

    /** The first 8 characters of the client's public key, enough to recognise it in logs. */
    public String fingerprint() {
        return publicKey.substring(0, 8);
    }

    @Override
    public String toString() {
        return "CurveCredentials[server=" + serverPublicKey.substring(0, 8) + "…, client=" + fingerprint() + "…]";
    }

    private static String checked(String key, String what) {
        Objects.requireNonNull(key, what);
        String text = key.strip();
        if (text.length() != Z85_LENGTH) {
            throw new IllegalArgumentException("A CURVE " + what + " is " + Z85_LENGTH
                    + " characters of Z85, this one has " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            if (Z85_ALPHABET.indexOf(text.charAt(i)) < 0) {
                throw new IllegalArgumentException("The CURVE " + what + " is not Z85 text (character " + (i + 1) + ")");
            }
        }
        byte[] decoded;
        try {
            decoded = ZMQ.Curve.z85Decode(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The CURVE " + what + " is not Z85 text", e);
        }
        if (decoded == null || decoded.length != 32) {
            throw new IllegalArgumentException("The CURVE " + what + " is not Z85 text of 32 bytes");
        }
        return text;
    }
}
