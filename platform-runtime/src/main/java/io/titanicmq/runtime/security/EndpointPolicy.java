package io.titanicmq.runtime.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plaintext stays on the machine: a broker endpoint reachable from the network needs CurveZMQ, or
 * an explicit {@code titanic.security.insecure = true}, which is logged as a warning.
 *
 * <p>Local are {@code inproc://}, {@code ipc://} and {@code tcp://} on a loopback address literal
 * ({@code 127.0.0.0/8}, {@code ::1}) or {@code localhost}. Everything else, including wildcards
 * ({@code *}, {@code 0.0.0.0}), interface names and host names, counts as the network (host names
 * are not resolved: what they resolve to can change).
 */
public final class EndpointPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointPolicy.class);

    private EndpointPolicy() {
    }

    /**
     * @throws IllegalArgumentException when {@code endpoint} is not local, CURVE is off and
     *                                  {@code insecure} was not set
     */
    public static void check(String endpoint, SecuritySettings security) {
        if (security.curve() || isLocal(endpoint)) {
            return;
        }
        if (!security.insecure()) {
            throw new IllegalArgumentException("titanic.broker.endpoint " + endpoint + " is reachable from the network"
                    + " but titanic.security.curve is off: turn CURVE on (see docs/security.md), bind a loopback"
                    + " address, or set titanic.security.insecure = true to accept plaintext on the network");
        }
        LOG.warn("INSECURE: the broker binds {} without CURVE (titanic.security.insecure = true): anyone who reaches"
                + " it can submit, read replies and register workers, and traffic is not encrypted", endpoint);
    }

    /** Whether the endpoint can only be reached from this machine. */
    public static boolean isLocal(String endpoint) {
        String lower = endpoint.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("inproc://") || lower.startsWith("ipc://")) {
            return true;
        }
        if (!lower.startsWith("tcp://")) {
            return false;
        }
        String rest = lower.substring("tcp://".length());
        int semicolon = rest.indexOf(';');
        if (semicolon >= 0) {
            // tcp://source;destination is a connect syntax; a bind has none.
            return false;
        }
        String host;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                return false;
            }
            host = rest.substring(1, close);
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
        }
        if (host.equals("localhost")) {
            return true;
        }
        if (!isAddressLiteral(host)) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Only digits and dots (IPv4) or hex digits and colons (IPv6): no lookup happens for these. */
    private static boolean isAddressLiteral(String host) {
        if (host.isEmpty()) {
            return false;
        }
        boolean v4 = host.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
        boolean v6 = host.contains(":") && host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        return v4 || v6;
    }
}
