package io.titanicmq.runtime.fuzz;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.MdpCommand;
import io.titanicmq.api.protocol.Tsp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws the fuzzer's messages from one seeded {@link Random}: the same seed gives the same
 * sequence. Valid templates follow 7/MDP, 8/MMI and 9/TSP; the other categories break them.
 */
final class FuzzMessages {

    /** Services the fuzz workers register (and fuzz clients ask for): never a real service's name. */
    static final int FUZZ_SERVICES = 4;
    static final String FUZZ_SERVICE_PREFIX = "fuzz.";

    private static final String[] TITANIC_SERVICES = {Tsp.REPLY, Tsp.CLOSE, "titanic.status", "titanic.cancel"};
    private static final String[] BAD_IDS = {"", "../../../../etc/passwd", "..", "/", "0", "%2e%2e%2f",
        "00000000000000000000000000000000", "0000000000000000000000000000000", "000000000000000000000000000000000",
        "ABCDEF0123456789ABCDEF0123456789", "g0000000000000000000000000000000", "\0\0\0\0", "*", "journal/../../x",
        "C:\\Windows\\system32", "0123456789abcdef0123456789abcdef/../x", " 0123456789abcdef0123456789abcdef"};
    private static final String[] WRONG_HEADERS = {"MDPC02", "MDPW02", "mdpc01", "MDPC0", "MDPW", "MDPC01 ",
        "", "MDPC01\0", "MDP", "ZWS2.0", "TSP01"};

    private final Random random;
    private final Mutations mutations;
    private final long maxMessageSize;

    /**
     * @param random the seeded source of every choice
     * @param maxMessageSize the broker's {@code max-message-size}: sizes HUGE_FRAME and OVERSIZE
     */
    FuzzMessages(Random random, long maxMessageSize) {
        this.random = random;
        this.mutations = new Mutations(random);
        this.maxMessageSize = maxMessageSize;
    }

    /** A category drawn by weight. */
    FuzzCategory category() {
        double total = 0;
        for (FuzzCategory c : FuzzCategory.values()) {
            total += c.weight();
        }
        double pick = random.nextDouble() * total;
        for (FuzzCategory c : FuzzCategory.values()) {
            pick -= c.weight();
            if (pick < 0) {
                return c;
            }
        }
        return FuzzCategory.RANDOM_BYTES;
    }

    /** One message of {@code category}; at least one frame. */
    List<byte[]> message(FuzzCategory category) {
        return switch (category) {
            case CLIENT_VALID -> client();
            case CLIENT_MUTATED -> mutations.mutate(client());
            case WORKER_VALID -> worker();
            case WORKER_MUTATED -> mutations.mutate(worker());
            case WORKER_UNKNOWN_COMMAND -> unknownCommand();
            case WRONG_HEADER -> wrongHeader();
            case TRUNCATED -> mutations.truncate(random.nextBoolean() ? client() : worker());
            case TITANIC_BAD_ARGS -> titanicBadArgs();
            case RANDOM_BYTES -> randomFrames();
            case EMPTY_FRAMES -> emptyFrames();
            case MANY_FRAMES -> manyFrames();
            case HUGE_FRAME -> huge();
            case OVERSIZE -> oversize();
        };
    }

    /** A well-formed REPLY or a mutated one, for a REQUEST a fuzz worker received. */
    List<byte[]> replyTo(byte[] clientAddress) {
        List<byte[]> reply = frames("", Mdp.WORKER);
        reply.add(command(MdpCommand.REPLY));
        reply.add(clientAddress);
        reply.add(new byte[0]);
        switch (random.nextInt(4)) {
            case 0 -> reply.add(text(Tsp.FAILURE_MARKER));
            case 1 -> {
                reply.add(text(Tsp.FAILURE_MARKER));
                reply.add(text(random.nextBoolean() ? "terminal" : "retryable"));
                reply.add(mutations.bytes(random.nextInt(100)));
            }
            default -> reply.add(mutations.bytes(random.nextInt(200)));
        }
        return random.nextInt(5) == 0 ? mutations.mutate(reply) : reply;
    }

    /** A client request for {@code service} with an empty body. */
    static List<byte[]> barrier(String service) {
        return frames("", Mdp.CLIENT, service);
    }

    /** The DISCONNECT a fuzz socket sends before it closes, so the broker forgets it at once. */
    static List<byte[]> disconnect() {
        List<byte[]> frames = frames("", Mdp.WORKER);
        frames.add(command(MdpCommand.DISCONNECT));
        return frames;
    }

    private List<byte[]> client() {
        int pick = random.nextInt(12);
        return switch (pick) {
            case 0 -> clientRequest("echo", textFrames(1 + random.nextInt(3)));
            case 1 -> clientRequest(Mdp.MMI_SERVICE, List.of(text(random.nextBoolean() ? "echo" : fuzzService())));
            case 2 -> clientRequest("mmi." + word(), List.of());
            case 3 -> clientRequest(Tsp.REQUEST, withService(random.nextBoolean() ? "echo" : fuzzService()));
            case 4 -> clientRequest(Tsp.REPLY, List.of(text(uuid())));
            case 5 -> clientRequest(Tsp.CLOSE, List.of(text(uuid())));
            case 6 -> clientRequest("titanic.status", random.nextBoolean() ? List.of() : List.of(text(uuid())));
            case 7 -> clientRequest("titanic.cancel", List.of(text(uuid())));
            case 8 -> clientRequest("titanic.request.idem", withKey(fuzzService()));
            case 9, 10 -> clientRequest(fuzzService(), textFrames(1 + random.nextInt(3)));
            default -> clientRequest("unknown." + word(), textFrames(1));
        };
    }

    private List<byte[]> worker() {
        List<byte[]> frames = frames("", Mdp.WORKER);
        switch (random.nextInt(6)) {
            case 0, 1 -> {
                frames.add(command(MdpCommand.READY));
                frames.add(text(fuzzService()));
            }
            case 2 -> frames.add(command(MdpCommand.HEARTBEAT));
            case 3 -> frames.add(command(MdpCommand.DISCONNECT));
            case 4 -> {
                frames.add(command(MdpCommand.REPLY));
                frames.add(mutations.bytes(5 + random.nextInt(12)));
                frames.add(new byte[0]);
                frames.add(text(word()));
            }
            default -> {
                frames.add(command(MdpCommand.PROGRESS));
                frames.add(mutations.bytes(5 + random.nextInt(12)));
                frames.add(new byte[0]);
                frames.add(text(random.nextBoolean() ? "0.5" : String.valueOf(random.nextGaussian())));
                frames.add(text(word()));
            }
        }
        return frames;
    }

    private List<byte[]> unknownCommand() {
        List<byte[]> frames = frames("", Mdp.WORKER);
        frames.add(switch (random.nextInt(4)) {
            case 0 -> new byte[0];
            case 1 -> new byte[] {0x00};
            case 2 -> new byte[] {(byte) (0x06 + random.nextInt(250))};
            default -> mutations.bytes(2 + random.nextInt(4));
        });
        for (int n = random.nextInt(4); n > 0; n--) {
            frames.add(mutations.bytes(random.nextInt(16)));
        }
        return frames;
    }

    private List<byte[]> wrongHeader() {
        String header = random.nextInt(4) == 0 ? word() : WRONG_HEADERS[random.nextInt(WRONG_HEADERS.length)];
        List<byte[]> frames = frames("", header);
        frames.add(random.nextBoolean() ? text("echo") : command(MdpCommand.READY));
        frames.add(text(word()));
        return frames;
    }

    private List<byte[]> titanicBadArgs() {
        if (random.nextInt(4) == 0) {
            // titanic.request shapes: no service, empty service, traversal service, no body.
            List<byte[]> body = switch (random.nextInt(4)) {
                case 0 -> List.of();
                case 1 -> List.of(new byte[0], text("x"));
                case 2 -> List.of(text(badId()));
                default -> List.of(mutations.bytes(random.nextInt(300)), mutations.bytes(random.nextInt(30)));
            };
            return clientRequest(random.nextBoolean() ? Tsp.REQUEST : "titanic.request.idem", body);
        }
        String service = TITANIC_SERVICES[random.nextInt(TITANIC_SERVICES.length)];
        List<byte[]> body = new ArrayList<>();
        switch (random.nextInt(4)) {
            case 0 -> body.add(text(badId()));
            case 1 -> body.add(mutations.bytes(random.nextInt(64)));
            case 2 -> body.add(text("x".repeat(random.nextInt(20_000))));
            default -> {
                body.add(text(uuid()));
                body.add(text(badId()));
            }
        }
        return clientRequest(service, body);
    }

    private List<byte[]> randomFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
            frames.add(mutations.bytes(random.nextInt(random.nextBoolean() ? 8 : 512)));
        }
        return frames;
    }

    private List<byte[]> emptyFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (int n = 1 + random.nextInt(20); n > 0; n--) {
            frames.add(new byte[0]);
        }
        return frames;
    }

    private List<byte[]> manyFrames() {
        List<byte[]> frames = random.nextBoolean() ? frames("", Mdp.CLIENT, "echo") : frames("", Mdp.WORKER);
        if (frames.size() == 2) {
            frames.add(command(random.nextBoolean() ? MdpCommand.READY : MdpCommand.REPLY));
        }
        for (int n = 100 + random.nextInt(1900); n > 0; n--) {
            frames.add(mutations.bytes(random.nextInt(4)));
        }
        return frames;
    }

    private List<byte[]> huge() {
        int size = (int) Math.min(Integer.MAX_VALUE - 16, maxMessageSize / 4 + random.nextLong(Math.max(1, maxMessageSize / 4)));
        byte[] big = mutations.bytes(size);
        return switch (random.nextInt(4)) {
            case 0 -> clientRequest("echo", List.of(big));
            case 1 -> clientRequest(Tsp.REQUEST, List.of(text(fuzzService()), big));
            case 2 -> clientRequest(Tsp.REPLY, List.of(big));
            default -> {
                List<byte[]> frames = frames("", Mdp.WORKER);
                frames.add(command(MdpCommand.READY));
                frames.add(big);
                yield frames;
            }
        };
    }

    private List<byte[]> oversize() {
        int size = (int) Math.min(Integer.MAX_VALUE - 16, maxMessageSize + 1 + random.nextInt(4096));
        return clientRequest("echo", List.of(mutations.bytes(size)));
    }

    private static List<byte[]> clientRequest(String service, List<byte[]> body) {
        List<byte[]> frames = frames("", Mdp.CLIENT, service);
        frames.addAll(body);
        return frames;
    }

    private List<byte[]> withService(String service) {
        List<byte[]> body = new ArrayList<>();
        body.add(text(service));
        body.addAll(textFrames(1 + random.nextInt(2)));
        return body;
    }

    private List<byte[]> withKey(String service) {
        List<byte[]> body = new ArrayList<>();
        body.add(text("k" + random.nextInt(1000)));
        body.addAll(withService(service));
        return body;
    }

    private List<byte[]> textFrames(int n) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            frames.add(text(word()));
        }
        return frames;
    }

    private String fuzzService() {
        return FUZZ_SERVICE_PREFIX + random.nextInt(FUZZ_SERVICES);
    }

    private String uuid() {
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }

    private String badId() {
        return BAD_IDS[random.nextInt(BAD_IDS.length)];
    }

    private String word() {
        StringBuilder b = new StringBuilder();
        for (int n = 1 + random.nextInt(12); n > 0; n--) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static byte[] command(MdpCommand command) {
        return command.frame();
    }

    private static List<byte[]> frames(String... texts) {
        List<byte[]> frames = new ArrayList<>();
        for (String t : texts) {
            frames.add(text(t));
        }
        return frames;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
