/**
 * TitanicMQ's public API: the {@link io.titanicmq.api.Worker} contract that plug-ins implement,
 * the wire constants of 7/MDP, 8/MMI and 9/TSP, and the Java clients.
 */
module io.titanicmq.api {
    requires transitive org.zeromq.jeromq;
    // JeroMQ's CurveZMQ needs jnacl but only 'requires static' it: resolve it for CURVE clients.
    requires jnacl;

    exports io.titanicmq.api;
    exports io.titanicmq.api.protocol;
    exports io.titanicmq.api.client;
}
