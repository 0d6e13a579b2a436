package io.titanicmq.runtime.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.runtime.fuzz.FuzzCategory;
import io.titanicmq.runtime.fuzz.FuzzReport;
import io.titanicmq.runtime.fuzz.FuzzSockets;
import io.titanicmq.runtime.fuzz.Fuzzer;
import io.titanicmq.runtime.fuzz.HealthCheck;
import io.titanicmq.runtime.fuzz.HeapProbe;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.zeromq.ZContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code titanic fuzz}: random and mutated messages at a running broker, then a health check. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Sends random and mutated multi-frame messages at a running broker, as",
                "7/MDP clients and workers: wrong headers, truncated and unknown commands,",
                "bad request ids, huge and oversize frames, random bytes, empty frames, many",
                "frames. Then checks the server still serves: mmi.service echo, an echo round",
                "trip, a Titanic request/reply/close (needs the echo plug-in). Prints the",
                "messages sent per category, the broker's dropped-message count",
                "(titanic.status) and, with --pid, the server's heap after a full GC before",
                "and after (jcmd). Use a test server: the fuzz registers fuzz.* workers and",
                "stores titanic requests (docs/fault-suite.md)."},
        footer = {"", "Examples:", "  titanic fuzz --broker tcp://127.0.0.1:5555 --messages 100000 --seed 42",
                "  titanic fuzz --pid \"$(pgrep -f 'cli.Main server')\" --max-message-size 64MiB",
                "", "Exit code 0 when the server passed the health check afterwards, 1 when not."})
final class FuzzCommand implements Callable<Integer> {

    @Mixin
    ClientOptionsMixin client;

    @Option(names = "--messages", defaultValue = "100000", description = "Messages to send (default: ${DEFAULT-VALUE}).")
    long messages;

    @Option(names = "--seed", description = "Seed of the messages; the same seed replays them (default: random, printed).")
    Long seed;

    @Option(names = "--sockets", defaultValue = "8", description = "Peers sending at once (default: ${DEFAULT-VALUE}).")
    int sockets;

    @Option(names = "--max-message-size", defaultValue = "64MiB", paramLabel = "SIZE",
            description = "The server's titanic.broker.max-message-size; sizes the huge and oversize messages (default: ${DEFAULT-VALUE}).")
    String maxMessageSize;

    @Option(names = "--pid", paramLabel = "PID",
            description = "The server's process id: its heap is measured with jcmd (full GC, then GC.heap_info) before and after.")
    Long pid;

    @Override
    public Integer call() throws Exception {
        long seedUsed = seed != null ? seed : System.nanoTime();
        long maxSize = size(maxMessageSize);
        HeapProbe heap = pid == null ? null : new HeapProbe(pid);
        System.out.printf(Locale.ROOT, "TitanicMQ fuzz: %,d messages at %s, seed %d (replay: --seed %d)%n",
                messages, client.broker, seedUsed, seedUsed);
        try (ZContext ctx = new ZContext(); MajordomoClient mdp = Clients.majordomo(client)) {
            HealthCheck check = new HealthCheck(mdp);
            OptionalLong droppedBefore = check.brokerDropped();
            long heapBefore = heap == null ? -1 : heap.usedAfterGc();
            FuzzReport report = new Fuzzer(new FuzzSockets(client.clientOptions().curve().orElse(null)), client.broker, sockets,
                    maxSize).run(ctx, messages, seedUsed);
            List<String> problems = check.problems();
            OptionalLong droppedAfter = check.brokerDropped();
            long heapAfter = heap == null ? -1 : heap.usedAfterGc();
            print(report, droppedBefore, droppedAfter, heapBefore, heapAfter);
            if (!problems.isEmpty()) {
                problems.forEach(p -> System.out.println("  FAILED: " + p));
                throw new CommandFailure(ExitCodes.SERVER_ERROR, "the server failed the health check after the fuzz (seed "
                        + seedUsed + ")", null);
            }
            System.out.println("after the fuzz: mmi.service echo 200, echo round trip, titanic request/reply/close: all ok");
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.SERVER_ERROR, "cannot measure the heap of pid " + pid + ": " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }

    private static void print(FuzzReport r, OptionalLong droppedBefore, OptionalLong droppedAfter, long heapBefore,
                              long heapAfter) {
        for (FuzzCategory c : FuzzCategory.values()) {
            System.out.printf(Locale.ROOT, "  %-24s %,10d%n", c, r.sentByCategory().getOrDefault(c, 0L));
        }
        System.out.printf(Locale.ROOT, "sent %,d in %.1f s (%,.0f msg/s) and handled by the broker, %,d not taken within 5 s,"
                        + " %d socket(s) unconfirmed%n", r.sent(), r.duration().toNanos() / 1e9, r.rate(), r.skipped(),
                r.unconfirmed());
        System.out.printf(Locale.ROOT, "broker sent back %,d messages (%,d DISCONNECTs); fuzz workers answered %,d REQUESTs%n",
                r.received(), r.disconnectsReceived(), r.repliesToRequests());
        if (droppedBefore.isPresent() && droppedAfter.isPresent()) {
            System.out.printf(Locale.ROOT, "broker dropped and counted %,d malformed messages (titanic.status)%n",
                    droppedAfter.getAsLong() - droppedBefore.getAsLong());
        }
        if (heapBefore >= 0) {
            System.out.printf(Locale.ROOT, "server heap after full GC: before %.1f MiB, after %.1f MiB (%+.1f MiB)%n",
                    mib(heapBefore), mib(heapAfter), mib(heapAfter - heapBefore));
        }
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private static long size(String text) throws CommandFailure {
        try {
            return ConfigFactory.parseMap(Map.of("s", text)).getBytes("s");
        } catch (ConfigException e) {
            throw new CommandFailure(ExitCodes.USAGE, "'" + text + "' is not a size (examples: 1MiB, 64MiB)", e);
        }
    }
}
