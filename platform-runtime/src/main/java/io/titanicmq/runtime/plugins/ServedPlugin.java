package io.titanicmq.runtime.plugins;

import io.titanicmq.api.Worker;
import io.titanicmq.api.WorkerContext;
import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.runtime.worker.ServiceWorkers;
import io.titanicmq.runtime.worker.WorkerSettings;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The started workers of one plug-in (or module) and the connections serving them. Starting is all
 * or nothing: when one worker fails to start or names an invalid service, those already started are
 * stopped again and the failure is thrown.
 */
final class ServedPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(ServedPlugin.class);

    private final String id;
    private final List<Worker> workers;
    private final List<ServiceWorkers> served;

    private ServedPlugin(String id, List<Worker> workers, List<ServiceWorkers> served) {
        this.id = id;
        this.workers = workers;
        this.served = served;
    }

    /**
     * Starts each worker with {@code context}, checks its service name and connects its workers.
     *
     * @throws RuntimeException whatever a worker's start threw, or IllegalArgumentException for an
     *     invalid service name; nothing stays started then
     */
    static ServedPlugin serve(String id, List<Worker> workers, WorkerContext context, ZContext ctx,
                              WorkerSettings settings) {
        List<Worker> started = new ArrayList<>();
        List<ServiceWorkers> served = new ArrayList<>();
        try {
            for (Worker worker : workers) {
                withLoaderOf(worker, () -> worker.start(context));
                started.add(worker);
                String service = checkedService(worker, id);
                ServiceWorkers connections = new ServiceWorkers(ctx, settings, worker, context);
                connections.start();
                served.add(connections);
                LOG.info("Plug-in {}: serving '{}' with {} connections to {}", id, service, connections.size(),
                        settings.broker());
            }
        } catch (RuntimeException | LinkageError e) {
            new ServedPlugin(id, started, served).stop();
            throw e;
        }
        return new ServedPlugin(id, List.copyOf(started), List.copyOf(served));
    }

    private static String checkedService(Worker worker, String id) {
        String service = worker.service();
        if (service == null || service.isEmpty()) {
            throw new IllegalArgumentException("worker " + worker.getClass().getName() + " of plug-in " + id
                    + " names no service");
        }
        if (service.startsWith(Mdp.MMI_PREFIX)) {
            throw new IllegalArgumentException("worker " + worker.getClass().getName() + " of plug-in " + id
                    + " asks for service '" + service + "': the " + Mdp.MMI_PREFIX + " namespace belongs to the broker");
        }
        return service;
    }

    /** The plug-in id. */
    String id() {
        return id;
    }

    /** The services served. */
    List<String> services() {
        return served.stream().map(ServiceWorkers::service).toList();
    }

    /** Starts closing every connection without waiting, so many plug-ins can stop in parallel. */
    void beginStop() {
        served.forEach(ServiceWorkers::beginClose);
    }

    /** Closes the connections (each request finishes or is handed back), then stops each worker. */
    void stop() {
        beginStop();
        served.forEach(ServiceWorkers::close);
        for (Worker worker : workers) {
            try {
                withLoaderOf(worker, worker::stop);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("Plug-in {}: stop() of worker {} threw", id, worker.getClass().getName(), e);
            }
        }
    }

    /** Runs plug-in code with the plug-in's class loader as context loader, as libraries expect. */
    private static void withLoaderOf(Worker worker, Runnable action) {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(worker.getClass().getClassLoader());
        try {
            action.run();
        } finally {
            current.setContextClassLoader(previous);
        }
    }
}
