package io.titanicmq.runtime.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code ID...} arguments of commands that act on stored requests ({@code close}, {@code cancel}). */
final class RequestIdsMixin {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "Request ids.")
    List<String> ids;

    /** The ids, each checked to be a request id before any is sent (a usage error names the bad one). */
    List<String> checked() {
        for (String id : ids) {
            Clients.requireId(command, id);
        }
        return ids;
    }
}
