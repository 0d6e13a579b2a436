package io.titanicmq.runtime.plugins;

import io.titanicmq.api.Worker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds real PF4J plug-in jars from worker classes compiled in the test sources. */
final class PluginJars {

    private PluginJars() {
    }

    /** The bytes of a plug-in jar: manifest with Plugin-Id/Plugin-Version, services file, class files. */
    static byte[] jar(String id, String version, Class<?>... workers) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", id);
        main.putValue("Plugin-Version", version);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            StringBuilder services = new StringBuilder("# workers of ").append(id).append('\n');
            for (Class<?> worker : workers) {
                services.append(worker.getName()).append('\n');
                String resource = worker.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(resource));
                try (InputStream in = worker.getClassLoader().getResourceAsStream(resource)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry("META-INF/services/" + Worker.class.getName()));
            jar.write(services.toString().getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** The bytes of a zip plug-in: {@code plugin.properties} and {@code lib/workers.jar} with the classes. */
    static byte[] zip(String id, String version, Class<?>... workers) throws IOException {
        byte[] lib = jar(id, version, workers);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("plugin.properties"));
            zip.write(("plugin.id=" + id + "\nplugin.version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("lib/workers.jar"));
            zip.write(lib);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** Writes the jar next to {@code dir} and moves it in at once, as a deployment tool would. */
    static Path drop(Path dir, Path staging, String fileName, byte[] jar) throws IOException {
        Path tmp = Files.write(staging.resolve(fileName), jar);
        return Files.move(tmp, dir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
    }
}
