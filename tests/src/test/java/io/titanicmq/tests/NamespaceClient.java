package io.titanicmq.tests;

import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.ReplyResult;
import io.titanicmq.api.client.TitanicClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Titanic client as a process of its own, for tests whose server runs where the test JVM cannot
 * connect (a {@link NetworkNamespace}): submits COUNT requests {@code PREFIX-1 .. PREFIX-COUNT} to
 * SERVICE, then waits for every reply and prints one line per request, {@code reply BODY FRAME}
 * or {@code missing BODY RESULT}; exits 0 when every reply came.
 *
 * <p>usage: {@code NamespaceClient ENDPOINT SERVICE PREFIX COUNT WAIT_SECONDS}
 */
final class NamespaceClient {

    private NamespaceClient() {
    }

    public static void main(String[] args) throws ClientException {
        String endpoint = args[0];
        String service = args[1];
        String prefix = args[2];
        int count = Integer.parseInt(args[3]);
        Duration wait = Duration.ofSeconds(Long.parseLong(args[4]));
        int missing = 0;
        try (TitanicClient titanic = new TitanicClient(endpoint)) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                ids.add(titanic.request(service, List.of((prefix + "-" + i).getBytes(StandardCharsets.UTF_8))));
            }
            System.out.println("submitted " + count);
            long end = System.nanoTime() + wait.toNanos();
            for (int i = 1; i <= count; i++) {
                Duration left = Duration.ofNanos(Math.max(1, end - System.nanoTime()));
                ReplyResult r = titanic.waitForReply(ids.get(i - 1), left);
                if (r instanceof ReplyResult.Ready ready) {
                    System.out.println("reply " + prefix + "-" + i + " " + String.join("|", ready.textFrames()));
                } else {
                    missing++;
                    System.out.println("missing " + prefix + "-" + i + " " + r);
                }
            }
        }
        System.out.flush();
        System.exit(missing == 0 ? 0 : 1);
    }
}
