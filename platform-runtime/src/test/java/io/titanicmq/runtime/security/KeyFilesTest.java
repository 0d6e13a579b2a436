package io.titanicmq.runtime.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMQ;

@Timeout(30)
class KeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void generateWritesAPublicFileAndAnOwnerOnlySecretFileThatReadBack() throws Exception {
        KeyFiles.Written written = KeyFiles.generate(dir.resolve("keys"), "alice");
        assertEquals(dir.resolve("keys/alice.key"), written.publicFile());
        assertEquals(written.publicKey(), KeyFiles.read(written.publicFile()));
        String secret = KeyFiles.read(written.secretFile());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written.secretFile())));
        assertFalse(KeyFiles.readableByOthers(written.secretFile()));
        assertTrue(Z85Keys.isKey(secret));
        assertTrue(!secret.equals(written.publicKey()));
    }

    @Test
    void generateNeverOverwritesAKeyFile() throws Exception {
        KeyFiles.generate(dir, "server");
        String before = Files.readString(dir.resolve("server.key_secret"));
        assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.generate(dir, "server"));
        assertEquals(before, Files.readString(dir.resolve("server.key_secret")));
    }

    @Test
    void aFileWithoutExactlyOneKeyIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.key"), "# nothing\n");
        assertThrows(IOException.class, () -> KeyFiles.read(empty));
        Path garbage = Files.writeString(dir.resolve("bad.key"), "not a key\n");
        assertThrows(IOException.class, () -> KeyFiles.read(garbage));
        String a = ZMQ.Curve.generateKeyPair().publicKey;
        Path two = Files.writeString(dir.resolve("two.key"), a + "\n" + a + "\n");
        assertThrows(IOException.class, () -> KeyFiles.read(two));
    }

    @Test
    void keyNamesArePlainFileNames() {
        assertThrows(IllegalArgumentException.class, () -> KeyFiles.generate(dir, "../escape"));
        assertThrows(IllegalArgumentException.class, () -> KeyFiles.generate(dir, ".hidden"));
    }
}
