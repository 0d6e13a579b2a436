package io.titanicmq.runtime.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.zeromq.ZMQ;

/**
 * CURVE key files: {@code NAME.key} holds a public key, {@code NAME.key_secret} the secret key of
 * the same pair, each as one line of 40 Z85 characters. Other lines must be blank or comments
 * starting with {@code #} (a line of exactly 40 Z85 characters is the key; {@code #} is a Z85
 * character, but no 32-byte key starts with it). Secret files are created readable by their owner only (0600).
 */
public final class KeyFiles {

    /** Extension of a public key file. */
    public static final String PUBLIC_SUFFIX = ".key";
    /** Extension of a secret key file. */
    public static final String SECRET_SUFFIX = ".key_secret";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFiles() {
    }

    /** A generated pair and where it was written. */
    public record Written(Path publicFile, Path secretFile, String publicKey) {
    }

    /**
     * Generates a key pair and writes {@code dir/NAME.key} and {@code dir/NAME.key_secret} (0600).
     * Existing files are never overwritten.
     *
     * @throws FileAlreadyExistsException when either file exists
     * @throws IOException when the directory or a file cannot be written
     */
    public static Written generate(Path dir, String name) throws IOException {
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("A key name is a plain file name, not '" + name + "'");
        }
        Files.createDirectories(dir);
        Path publicFile = dir.resolve(name + PUBLIC_SUFFIX);
        Path secretFile = dir.resolve(name + SECRET_SUFFIX);
        for (Path file : List.of(publicFile, secretFile)) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(file.toString(), null, "a key file is never overwritten");
            }
        }
        ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        writeSecret(secretFile, "# CURVE secret key '" + name + "' (Z85). Keep it secret.\n" + pair.secretKey + "\n");
        Files.writeString(publicFile, "# CURVE public key '" + name + "' (Z85)\n" + pair.publicKey + "\n",
                StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Written(publicFile, secretFile, pair.publicKey);
    }

    private static void writeSecret(Path file, String content) throws IOException {
        if (Files.getFileAttributeView(file.getParent(), PosixFileAttributeView.class) != null) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Reads the one key a key file holds.
     *
     * @throws IOException when the file cannot be read or does not hold exactly one Z85 key
     */
    public static String read(Path file) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String text = line.strip();
            if (Z85Keys.isKey(text)) {
                keys.add(text);
            } else if (!text.isEmpty() && !text.startsWith("#")) {
                throw new IOException("Key file " + file + " has a line that is neither a Z85 key nor a # comment");
            }
        }
        if (keys.size() != 1) {
            throw new IOException("Key file " + file + " must hold exactly one Z85 key line, it has " + keys.size());
        }
        try {
            return Z85Keys.checked(keys.get(0));
        } catch (IllegalArgumentException e) {
            throw new IOException("Key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether a secret key file can be read by others than its owner (POSIX file systems only). */
    public static boolean readableByOthers(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
            return false;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        return permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ);
    }

    /** The public key files ({@code *.key}) directly in {@code dir}, sorted by name. */
    public static List<Path> publicKeysIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(PUBLIC_SUFFIX) && Files.isRegularFile(f))
                    .sorted().toList();
        }
    }
}
