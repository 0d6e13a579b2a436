package io.titanicmq.runtime.fuzz;

import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.api.client.ReplyResult;
import io.titanicmq.api.client.TitanicClient;
import io.titanicmq.api.protocol.Mdp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a healthy server still does after a fuzz run: {@code mmi.service echo} answers 200, an echo
 * round trip returns its frames, and a Titanic request is stored, answered by echo, fetched and
 * closed. Also reads the broker's dropped-message counter from {@code titanic.status}.
 */
public final class HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(HealthCheck.class);
    private static final Pattern DROPPED = Pattern.compile("\"broker\":\\{\"dropped\":(\\d+)");
    private static final Duration REPLY_WAIT = Duration.ofSeconds(20);

    private final MajordomoClient client;

    /**
     * @param client a client of the broker to check (the caller closes it)
     */
    public HealthCheck(MajordomoClient client) {
        this.client = client;
    }

    /**
     * Runs the three checks.
     *
     * @return one line per failed check; empty when the server is healthy
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        try {
            String mmi = text(client.call(Mdp.MMI_SERVICE, "echo")).get(0);
            if (!Mdp.MMI_FOUND.equals(mmi)) {
                problems.add("mmi.service echo answered " + mmi + ", not 200");
            }
        } catch (ClientException e) {
            problems.add("mmi.service echo failed: " + e.getMessage());
        }
        try {
            List<String> echoed = text(client.call("echo", "fuzz", "check"));
            if (!List.of("fuzz", "check").equals(echoed)) {
                problems.add("echo answered " + echoed + ", not [fuzz, check]");
            }
        } catch (ClientException e) {
            problems.add("echo round trip failed: " + e.getMessage());
        }
        TitanicClient titanic = new TitanicClient(client);
        try {
            String id = titanic.request("echo", List.of("durable".getBytes(StandardCharsets.UTF_8)));
            ReplyResult reply = titanic.waitForReply(id, REPLY_WAIT);
            if (!(reply instanceof ReplyResult.Ready ready) || !List.of("durable").equals(ready.textFrames())) {
                problems.add("titanic request " + id + " to echo ended as " + reply);
            }
            titanic.close(id);
        } catch (ClientException e) {
            problems.add("titanic request/reply/close failed: " + e.getMessage());
        }
        return problems;
    }

    /**
     * The broker's count of dropped malformed messages, from {@code titanic.status}; empty when the
     * server runs no Titanic or does not report it.
     */
    public OptionalLong brokerDropped() {
        try {
            List<String> answer = text(client.call("titanic.status", new String[0]));
            if (answer.size() < 2) {
                return OptionalLong.empty();
            }
            Matcher m = DROPPED.matcher(answer.get(1));
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        } catch (ClientException e) {
            LOG.warn("titanic.status at {} failed; no broker counters", client.endpoint(), e);
            return OptionalLong.empty();
        }
    }

    private static List<String> text(List<byte[]> frames) {
        List<String> out = new ArrayList<>();
        for (byte[] f : frames) {
            out.add(new String(f, StandardCharsets.UTF_8));
        }
        return out;
    }
}
