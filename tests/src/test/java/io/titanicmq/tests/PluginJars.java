package io.titanicmq.tests;

import io.titanicmq.api.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds real PF4J plug-in jars from classes compiled in this module's test sources. */
final class PluginJars {

    private PluginJars() {
    }

    /**
     * Writes a jar with the PF4J manifest, a {@code META-INF/services/io.titanicmq.api.Worker}
     * naming {@code worker}, and that class's bytes.
     */
    static Path build(Path jar, String pluginId, Class<? extends Worker> worker) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", pluginId);
        main.putValue("Plugin-Version", "1.0.0");
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (OutputStream file = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("META-INF/services/" + Worker.class.getName()));
            out.write((worker.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            String classFile = worker.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(classFile));
            try (InputStream in = worker.getClassLoader().getResourceAsStream(classFile)) {
                if (in == null) {
                    throw new IOException("class bytes not found: " + classFile);
                }
                in.transferTo(out);
            }
            out.closeEntry();
        }
        // appear whole in the watched directory
        return Files.move(tmp, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
