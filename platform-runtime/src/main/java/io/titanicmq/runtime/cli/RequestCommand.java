package io.titanicmq.runtime.cli;

import io.titanicmq.api.client.BatchRequestException;
import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.TitanicClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code titanic request SERVICE [FRAME...]} and {@code titanic request --batch FILE|-}. */
@Command(name = "request", mixinStandardHelpOptions = true,
        description = {"Stores a request for SERVICE with Titanic (9/TSP) and prints its id (32 hex characters)",
                "once it is safely on disk. Retries never store it twice (idempotency key).",
                "With --batch, reads one request per line and prints one id per line, in order."},
        footer = {"", "Batch lines: frames separated by TAB (or, in a line without TAB, by single spaces);",
                "the first field is the service unless SERVICE is given. Empty lines and lines starting with # are skipped.",
                "", "Examples:", "  id=$(titanic request echo hello)", "  titanic request --batch requests.txt > ids.txt",
                "  seq 1000 | titanic request --batch - echo"})
final class RequestCommand implements Callable<Integer> {

    @Mixin
    ClientOptionsMixin client;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--batch", paramLabel = "FILE", description = "Read requests from FILE, or standard input for '-'.")
    String batch;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "The service to handle the request.")
    String service;

    @Parameters(index = "1..*", paramLabel = "FRAME", description = "Request body frames (UTF-8 text).")
    List<String> frames = new ArrayList<>();

    @Override
    public Integer call() throws CommandFailure, IOException {
        if (batch == null && service == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "SERVICE is required (or --batch FILE)");
        }
        try (TitanicClient titanic = new TitanicClient(Clients.majordomo(client))) {
            if (batch == null) {
                System.out.println(titanic.request(service, Clients.utf8(frames)));
                return ExitCodes.OK;
            }
            return runBatch(titanic);
        } catch (BatchRequestException e) {
            for (String id : e.uuids()) {
                System.out.println(id == null ? "-" : id);
            }
            throw new CommandFailure(ExitCodes.SERVER_ERROR, e.getMessage(), e);
        } catch (ClientException e) {
            throw Clients.failure(e);
        }
    }

    private int runBatch(TitanicClient titanic) throws IOException, ClientException {
        List<String[]> lines = readBatch();
        int i = 0;
        while (i < lines.size()) {
            String svc = lines.get(i)[0];
            List<List<byte[]>> bodies = new ArrayList<>();
            int j = i;
            while (j < lines.size() && lines.get(j)[0].equals(svc)) {
                String[] fields = lines.get(j);
                bodies.add(Clients.utf8(List.of(fields).subList(1, fields.length)));
                j++;
            }
            for (String id : titanic.requestBatch(svc, bodies)) {
                System.out.println(id);
            }
            i = j;
        }
        System.out.flush();
        return ExitCodes.OK;
    }

    /** Each request as {@code [service, frame...]}. */
    private List<String[]> readBatch() throws IOException {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader in = "-".equals(batch)
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(batch), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> fields = new ArrayList<>();
                if (service != null) {
                    fields.add(service);
                    fields.addAll(frames);
                }
                fields.addAll(List.of(line.contains("\t") ? line.split("\t", -1) : line.split(" ", -1)));
                out.add(fields.toArray(String[]::new));
            }
        }
        return out;
    }
}
