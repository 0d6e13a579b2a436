package io.titanicmq.runtime.plugins;

import io.titanicmq.api.Worker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a plug-in's workers: the classes listed in {@value #SERVICE_FILE} inside the plug-in itself
 * (its jar, or {@code classes/} and {@code lib/*.jar} of a zip), read from the plug-in class loader's
 * own URLs only, never inherited from the host's class path. Each class is instantiated once with
 * its public no-argument constructor.
 */
final class WorkerDiscovery {

    /** The resource a plug-in lists its {@link Worker} classes in, one per line, {@code #} comments. */
    static final String SERVICE_FILE = "META-INF/services/" + Worker.class.getName();

    private static final Logger LOG = LoggerFactory.getLogger(WorkerDiscovery.class);

    private WorkerDiscovery() {
    }

    /**
     * Instantiates the workers a plug-in lists.
     *
     * @param loader the plug-in's class loader
     * @param pluginId the plug-in id, for messages
     * @return one instance per listed class, in listing order
     * @throws IllegalStateException when nothing is listed, a class is missing, is no Worker, or
     *     its constructor throws (the cause is attached)
     */
    static List<Worker> discover(ClassLoader loader, String pluginId) {
        if (!(loader instanceof URLClassLoader own)) {
            throw new IllegalStateException("plug-in " + pluginId + " has no URL class loader: " + loader);
        }
        Set<String> names = listedClasses(own, pluginId);
        if (names.isEmpty()) {
            throw new IllegalStateException("plug-in " + pluginId + " lists no worker in " + SERVICE_FILE);
        }
        List<Worker> workers = new ArrayList<>(names.size());
        for (String name : names) {
            workers.add(instantiate(own, name, pluginId));
        }
        return workers;
    }

    private static Set<String> listedClasses(URLClassLoader loader, String pluginId) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Enumeration<URL> urls = loader.findResources(SERVICE_FILE);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                URLConnection connection = url.openConnection();
                // The JDK caches opened jars by URL; a jar replaced in place must be read afresh.
                connection.setUseCaches(false);
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        int comment = line.indexOf('#');
                        String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
                        if (!name.isEmpty()) {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SERVICE_FILE + " of plug-in " + pluginId, e);
        }
        return names;
    }

    private static Worker instantiate(ClassLoader loader, String name, String pluginId) {
        try {
            Class<?> type = Class.forName(name, true, loader);
            if (!Worker.class.isAssignableFrom(type)) {
                throw new IllegalStateException("class " + name + " of plug-in " + pluginId + " does not implement "
                        + Worker.class.getName() + " (bundling the api in the plug-in causes this: make it provided)");
            }
            if (type.getClassLoader() != loader) {
                LOG.warn("Worker class {} of plug-in {} is loaded from the host, not from the plug-in", name, pluginId);
            }
            return type.asSubclass(Worker.class).getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("constructor of worker " + name + " of plug-in " + pluginId + " threw",
                    e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot instantiate worker " + name + " of plug-in " + pluginId, e);
        }
    }
}
