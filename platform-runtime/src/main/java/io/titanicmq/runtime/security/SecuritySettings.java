package io.titanicmq.runtime.security;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code titanic.security} settings, read and checked eagerly: with CURVE on, the server key
 * files and every key list entry are read at start-up, so a missing or bad key stops the server
 * with the key's name.
 *
 * <p>A key list entry is a Z85 public key written inline (40 characters), or a path relative to
 * {@code keys-dir}: a {@code .key} file (the suffix may be left out) or a directory whose
 * {@code *.key} files are all taken.
 *
 * @param curve           whether the broker endpoint uses CurveZMQ with ZAP authentication
 * @param insecure        whether plaintext may be bound to a non-loopback address
 * @param keysDir         base directory of relative key paths
 * @param serverPublicKey the server's public key (Z85), null when CURVE is off
 * @param serverSecretKey the server's secret key (Z85), null when CURVE is off
 * @param clients         keys allowed to submit and fetch (client requests)
 * @param admins          keys allowed everything, including other keys' replies
 * @param workerServices  per worker key, the services it may register ({@code *}: any)
 */
public record SecuritySettings(boolean curve, boolean insecure, Path keysDir, String serverPublicKey,
                               String serverSecretKey, Set<String> clients, Set<String> admins,
                               Map<String, Set<String>> workerServices) {

    /** In a worker's service list: may register any service. */
    public static final String ANY_SERVICE = "*";

    private static final Logger LOG = LoggerFactory.getLogger(SecuritySettings.class);

    /** Copies the collections. */
    public SecuritySettings {
        clients = Set.copyOf(clients);
        admins = Set.copyOf(admins);
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        workerServices.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        workerServices = Map.copyOf(copy);
    }

    /** Settings with CURVE off (plaintext), as on loopback by default. */
    public static SecuritySettings off() {
        return new SecuritySettings(false, false, Path.of("."), null, null, Set.of(), Set.of(), Map.of());
    }

    /**
     * Reads {@code security.*} from the {@code titanic} section.
     *
     * @throws com.typesafe.config.ConfigException for a missing key or a wrong type
     * @throws IllegalArgumentException for a key file that cannot be read or a malformed key, naming
     *                                  the configuration key
     */
    public static SecuritySettings from(Config titanic) {
        Config security = titanic.getConfig("security");
        boolean curve = security.getBoolean("curve");
        boolean insecure = security.getBoolean("insecure");
        Path keysDir = Path.of(security.getString("keys-dir"));
        if (!curve) {
            return new SecuritySettings(false, insecure, keysDir, null, null, Set.of(), Set.of(), Map.of());
        }
        String serverPublic = readOne(keysDir, security.getString("server-public-key-file"),
                "titanic.security.server-public-key-file");
        Path secretFile = keysDir.resolve(security.getString("server-secret-key-file"));
        String serverSecret = readOne(keysDir, security.getString("server-secret-key-file"),
                "titanic.security.server-secret-key-file");
        warnIfReadable(secretFile);
        Set<String> clients = keys(keysDir, security.getStringList("clients"), "titanic.security.clients");
        Set<String> admins = keys(keysDir, security.getStringList("admins"), "titanic.security.admins");
        Map<String, Set<String>> workers = new LinkedHashMap<>();
        List<? extends Config> entries = security.getConfigList("workers");
        for (int i = 0; i < entries.size(); i++) {
            String name = "titanic.security.workers[" + i + "]";
            Config entry = entries.get(i);
            Set<String> services = new LinkedHashSet<>(entry.getStringList("services"));
            if (services.isEmpty()) {
                throw new IllegalArgumentException(name + ".services must name at least one service (or \"*\")");
            }
            for (String key : keys(keysDir, entry.getStringList("keys"), name + ".keys")) {
                workers.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(services);
            }
        }
        return new SecuritySettings(true, insecure, keysDir, serverPublic, serverSecret, clients, admins, workers);
    }

    private static String readOne(Path keysDir, String spec, String name) {
        Path file = keysDir.resolve(spec);
        try {
            return KeyFiles.read(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(name + ": cannot read the key file " + file.toAbsolutePath()
                    + " (" + e.getMessage() + "); make one with 'titanic keys generate'", e);
        }
    }

    private static void warnIfReadable(Path secretFile) {
        try {
            if (KeyFiles.readableByOthers(secretFile)) {
                LOG.warn("The server secret key file {} is readable by other users; chmod 600 it", secretFile);
            }
        } catch (IOException e) {
            LOG.warn("Cannot check the permissions of the server secret key file {}", secretFile, e);
        }
    }

    /** Resolves a key list: inline keys, key files and directories of key files. */
    static Set<String> keys(Path keysDir, List<String> specs, String name) {
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            String spec = specs.get(i).strip();
            String entry = name + "[" + i + "]";
            if (Z85Keys.isKey(spec)) {
                try {
                    keys.add(Z85Keys.checked(spec));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(entry + ": " + e.getMessage(), e);
                }
                continue;
            }
            Path path = keysDir.resolve(spec);
            if (!Files.exists(path) && !spec.endsWith(KeyFiles.PUBLIC_SUFFIX)) {
                path = keysDir.resolve(spec + KeyFiles.PUBLIC_SUFFIX);
            }
            try {
                List<Path> files = Files.isDirectory(path) ? KeyFiles.publicKeysIn(path) : List.of(path);
                for (Path file : files) {
                    keys.add(KeyFiles.read(file));
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(entry + ": '" + spec + "' is neither a Z85 key nor a readable key file"
                        + " or directory under " + keysDir.toAbsolutePath() + " (" + e.getMessage() + ")", e);
            }
        }
        return keys;
    }

    @Override
    public String toString() {
        if (!curve) {
            return "SecuritySettings[curve=off, insecure=" + insecure + "]";
        }
        List<String> workers = new ArrayList<>();
        workerServices.forEach((k, v) -> workers.add(Z85Keys.fingerprint(k) + "=" + v));
        return "SecuritySettings[curve=on, server=" + Z85Keys.fingerprint(serverPublicKey) + ", clients="
                + clients.size() + ", admins=" + admins.size() + ", workers=" + workers + "]";
    }
}
