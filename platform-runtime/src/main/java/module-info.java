/**
 * The TitanicMQ runtime: broker, Titanic services, store, dispatcher, plug-in host, config and
 * CLI. Exports nothing; started through {@code io.titanicmq.runtime.cli.Main}.
 */
module io.titanicmq.runtime {
    requires io.titanicmq.api;
    requires org.zeromq.jeromq;
    requires org.pf4j;
    requires typesafe.config;
    requires org.apache.commons.compress;
    requires org.slf4j;
    requires info.picocli;
    requires java.management;

    uses io.titanicmq.api.Worker;
    uses io.titanicmq.runtime.store.StoreProvider;
    provides io.titanicmq.runtime.store.StoreProvider with io.titanicmq.runtime.store.JournalStoreProvider;

    opens io.titanicmq.runtime.cli to info.picocli;
}
