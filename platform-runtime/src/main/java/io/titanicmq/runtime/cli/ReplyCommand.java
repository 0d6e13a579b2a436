package io.titanicmq.runtime.cli;

import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.ReplyResult;
import io.titanicmq.api.client.TitanicClient;
import io.titanicmq.api.protocol.Tsp;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code titanic reply ID [--wait D] [--output FILE]}: fetches a stored reply. */
@Command(name = "reply", mixinStandardHelpOptions = true,
        description = {"Fetches the reply of a request by id (9/TSP titanic.reply) and prints its frames, one per line.",
                "Exit code 4 while it is pending, 5 for an unknown or closed id, 6 if the request failed."},
        footer = {"", "Examples:", "  titanic reply $id", "  titanic reply $id --wait 30s", "  titanic reply $id --output report.pdf"})
final class ReplyCommand implements Callable<Integer> {

    @Mixin
    ClientOptionsMixin client;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The request id printed by 'titanic request'.")
    String id;

    @Option(names = {"-w", "--wait"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = {"Wait up to DURATION for the reply (e.g. 30s, 10m). On a terminal, shows the job's",
                "progress on stderr (from titanic.status), or a spinner while none is known."})
    Duration wait;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the first reply frame's raw bytes to FILE (e.g. a PDF) instead of printing the frames.")
    Path output;

    @Override
    public Integer call() throws CommandFailure, IOException {
        Clients.requireId(spec, id);
        try (TitanicClient titanic = new TitanicClient(Clients.majordomo(client))) {
            ReplyResult result = wait == null ? titanic.reply(id) : waitWithSpinner(titanic);
            return report(result);
        } catch (ClientException e) {
            throw Clients.failure(e);
        }
    }

    private ReplyResult waitWithSpinner(TitanicClient titanic) throws ClientException {
        boolean terminal = System.console() != null;
        long start = System.nanoTime();
        long end = start + wait.toNanos();
        long pollNanos = TimeUnit.MILLISECONDS.toNanos(terminal ? 250 : 200);
        String spin = "|/-\\";
        int tick = 0;
        while (true) {
            ReplyResult result = titanic.reply(id);
            if (result.kind() != ReplyResult.Kind.PENDING && result.kind() != ReplyResult.Kind.ERROR) {
                clearLine(terminal);
                return result;
            }
            long now = System.nanoTime();
            if (now >= end) {
                clearLine(terminal);
                return result;
            }
            if (terminal) {
                Optional<String> progress = ProgressLine.render(status(titanic));
                if (progress.isPresent()) {
                    System.err.print("\r\033[K" + progress.get());
                } else {
                    System.err.printf("\r\033[K%c waiting for %s  %ds", spin.charAt(tick++ % 4), id,
                            TimeUnit.NANOSECONDS.toSeconds(now - start));
                }
                System.err.flush();
            }
            LockSupport.parkNanos(Math.min(pollNanos, end - now));
            if (Thread.currentThread().isInterrupted()) {
                throw new ClientException("interrupted while waiting for " + id);
            }
        }
    }

    /** The {@code titanic.status [id]} JSON, or "" when the server did not answer 200. */
    private String status(TitanicClient titanic) throws ClientException {
        List<byte[]> answer = titanic.majordomo().call(StatusCommand.SERVICE, List.of(id.getBytes(StandardCharsets.US_ASCII)));
        if (answer.size() < 2 || !new String(answer.get(0), StandardCharsets.UTF_8).startsWith(Tsp.OK)) {
            return "";
        }
        return new String(answer.get(1), StandardCharsets.UTF_8);
    }

    private static void clearLine(boolean terminal) {
        if (terminal) {
            System.err.print("\r\033[K");
            System.err.flush();
        }
    }

    private int report(ReplyResult result) throws CommandFailure, IOException {
        switch (result.kind()) {
            case READY -> {
                List<byte[]> frames = ((ReplyResult.Ready) result).frames();
                if (output != null) {
                    try (OutputStream out = Files.newOutputStream(output)) {
                        out.write(frames.isEmpty() ? new byte[0] : frames.get(0));
                    }
                } else {
                    FramePrinter.print(System.out, frames);
                }
                return ExitCodes.OK;
            }
            case PENDING -> throw new CommandFailure(ExitCodes.PENDING, "request " + id + " is still pending", null);
            case UNKNOWN -> throw new CommandFailure(ExitCodes.UNKNOWN, "request " + id + " is unknown or closed", null);
            case FAILED -> throw new CommandFailure(ExitCodes.FAILED,
                    "request " + id + " failed: " + ((ReplyResult.Failed) result).reason(), null);
            default -> throw new CommandFailure(ExitCodes.SERVER_ERROR,
                    "server error: " + ((ReplyResult.ServerError) result).text(), null);
        }
    }
}
