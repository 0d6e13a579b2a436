package io.titanicmq.tests;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private network namespace of a test ({@code ip netns add titanic-test-<random>}), with only
 * its own loopback up: processes started in it with {@link #command} talk over a 127.0.0.1 no
 * other process sees, and faults can be put on the connections of some of them without touching
 * the machine's network. Needs root, iproute2 ({@code ip}, {@code tc}), nftables ({@code nft}) and
 * util-linux's {@code setpriv}; {@link #create()} fails with the reason when any is missing.
 *
 * <p>Faults hit only the connections of processes started with {@link #faultyCommand}: those run
 * with the group id {@value #FAULTY_GID}, an nftables rule marks every connection such a process
 * opens (conntrack mark {@value #MARK}, so both directions and every reconnect are covered), and
 * <ul>
 *   <li>{@link #partition()} drops all packets of marked connections;</li>
 *   <li>{@link #loss(int)} drops that percentage of them at random (nftables {@code numgen});</li>
 *   <li>{@link #throttle(String)} sends them through an htb class of that rate (nftables sets
 *       their skb priority to the class), so each packet waits for the ones before it: a slow
 *       link, whose latency grows with the bytes in flight.</li>
 * </ul>
 * The kernel here has no {@code sch_netem} nor {@code sch_prio} (and no loadable modules), and its
 * u32 classifier ignores {@code match mark}; so loss and partition are nftables drops and delay is
 * an htb rate limit. TCP retransmission turns the drops into stalls of 200 ms and more, as on a
 * real lossy link. Marking by group id rather than by port keeps the faults on the worker across
 * its reconnects (each opens a new ephemeral port).
 */
final class NetworkNamespace implements AutoCloseable {

    static final int FAULTY_GID = 4242;
    private static final String MARK = "0x42";
    private static final String TABLE = "titanic_fault";
    /** The htb class of the faulty connections; nftables puts their packets in it by skb priority. */
    private static final String SLOW_CLASS = "1:30";
    private static final String IP = "/usr/sbin/ip";
    private static final String TC = "/usr/sbin/tc";
    private static final String NFT = "/usr/sbin/nft";
    private static final String SETPRIV = "/usr/bin/setpriv";

    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /**
     * Makes the namespace, brings its loopback up and prepares the (inactive) fault rules.
     *
     * @throws IllegalStateException naming what is missing when this machine cannot do it
     */
    static NetworkNamespace create() throws IOException, InterruptedException {
        String name = "titanic-test-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        run(IP, "netns", "add", name);
        NetworkNamespace ns = new NetworkNamespace(name);
        try {
            ns.in(IP, "link", "set", "lo", "up");
            // one statement per call: nft 1.0.6 cannot parse a class id (1:30) followed by "; ..."
            ns.in(NFT, "add table inet " + TABLE);
            ns.in(NFT, "add chain inet " + TABLE + " out { type filter hook output priority 0; policy accept; }");
            ns.in(NFT, "add chain inet " + TABLE + " faults");
            ns.in(NFT, "add rule inet " + TABLE + " out meta skgid " + FAULTY_GID + " ct mark set " + MARK);
            ns.in(NFT, "add rule inet " + TABLE + " out ct mark " + MARK + " meta priority set " + SLOW_CLASS);
            ns.in(NFT, "add rule inet " + TABLE + " out ct mark " + MARK + " jump faults");
            ns.in(TC, "qdisc", "add", "dev", "lo", "root", "handle", "1:", "htb", "default", "10");
            ns.in(TC, "class", "add", "dev", "lo", "parent", "1:", "classid", "1:10", "htb", "rate", "10gbit");
            ns.in(TC, "class", "add", "dev", "lo", "parent", "1:", "classid", SLOW_CLASS, "htb", "rate", "10gbit");
            return ns;
        } catch (IOException | InterruptedException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /** The namespace's name. */
    String name() {
        return name;
    }

    /** {@code command} run inside the namespace. */
    List<String> command(String... command) {
        List<String> full = new ArrayList<>(List.of(IP, "netns", "exec", name));
        full.addAll(List.of(command));
        return full;
    }

    /** {@code command} run inside the namespace with the group id whose connections get the faults. */
    List<String> faultyCommand(String... command) {
        List<String> full = command(SETPRIV, "--regid=" + FAULTY_GID, "--clear-groups");
        full.addAll(List.of(command));
        return full;
    }

    /** Every packet of the faulty processes' connections is dropped, both ways. */
    void partition() throws IOException, InterruptedException {
        setFaults("");
    }

    /** {@code percent} % of their packets are dropped at random, both ways. */
    void loss(int percent) throws IOException, InterruptedException {
        setFaults("numgen random mod 100 < " + percent);
    }

    /** Their packets share a link of {@code rate} (tc syntax, e.g. {@code 16kbit}). */
    void throttle(String rate) throws IOException, InterruptedException {
        in(TC, "class", "change", "dev", "lo", "parent", "1:", "classid", SLOW_CLASS, "htb", "rate", rate,
                "burst", "1600", "cburst", "1600");
    }

    /** No more faults: packets pass, at full speed. */
    void heal() throws IOException, InterruptedException {
        in(NFT, "flush chain inet " + TABLE + " faults");
        in(TC, "class", "change", "dev", "lo", "parent", "1:", "classid", SLOW_CLASS, "htb", "rate", "10gbit");
    }

    /** Packets of the faulty connections dropped since the last fault was set (nftables counter). */
    long droppedPackets() throws IOException, InterruptedException {
        return firstNumberAfter(in(NFT, "list chain inet " + TABLE + " faults"), "counter packets ", " drop");
    }

    /** Packets of the faulty connections that went through the throttled htb class. */
    long throttledPackets() throws IOException, InterruptedException {
        return firstNumberAfter(in(TC, "-s", "class", "show", "dev", "lo", "classid", SLOW_CLASS), "bytes ", " pkt");
    }

    private static long firstNumberAfter(String text, String before, String lineMarker) {
        Matcher m = Pattern.compile(Pattern.quote(before) + "(\\d+)").matcher(
                text.lines().filter(l -> l.contains(lineMarker)).findFirst().orElse(""));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** What the fault rules look like now, for a failure message. */
    String describe() throws IOException, InterruptedException {
        return in(NFT, "list table inet " + TABLE) + in(TC, "-s", "class", "show", "dev", "lo");
    }

    /** Drops the faulty connections' packets that match {@code match} (all when empty), counting them. */
    private void setFaults(String match) throws IOException, InterruptedException {
        in(NFT, "flush chain inet " + TABLE + " faults; add rule inet " + TABLE + " faults counter; "
                + "add rule inet " + TABLE + " faults " + match + " counter drop");
    }

    private String in(String... command) throws IOException, InterruptedException {
        return run(command(command).toArray(String[]::new));
    }

    /** Deletes the namespace (its rules go with it); processes still in it should be ended first. */
    @Override
    public void close() throws IOException {
        try {
            run(IP, "netns", "delete", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while deleting network namespace " + name);
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + " (network fault tests need root, iproute2,"
                    + " nftables and util-linux; .ci/run installs them): " + e.getMessage(), e);
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within 30 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + out
                    + " — network fault tests need root, iproute2, nftables and util-linux (.ci/run installs them)"
                    + " and a kernel with network namespaces, nf_tables and sch_htb");
        }
        return out;
    }
}
