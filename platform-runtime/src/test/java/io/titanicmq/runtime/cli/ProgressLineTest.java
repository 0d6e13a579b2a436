package io.titanicmq.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The live progress line of {@code titanic reply --wait}, built from titanic.status JSON. */
class ProgressLineTest {

    @Test
    void barPercentMessageAndElapsedFromARunningStatus() {
        String json = "{\"id\":\"0f\",\"state\":\"pending\",\"service\":\"video.encode\",\"attempts\":1,"
                + "\"running\":true,\"attempt\":1,\"elapsed-ms\":12034,\"progress\":0.42,"
                + "\"message\":\"42% 120 fps eta 8s\",\"eta-ms\":16618}";
        assertEquals(Optional.of("[########------------]  42%  120 fps eta 8s  elapsed 12s"), ProgressLine.render(json));
    }

    @Test
    void serverEtaIsShownWhenTheMessageHasNone() {
        String json = "{\"running\":true,\"elapsed-ms\":61000,\"progress\":0.5,\"message\":\"half \\\"done\\\"\","
                + "\"eta-ms\":61000}";
        assertEquals(Optional.of("[##########----------]  50%  half \"done\"  eta 1m01s  elapsed 1m01s"),
                ProgressLine.render(json));
    }

    @Test
    void noProgressMeansNoLineSoTheSpinnerStays() {
        assertTrue(ProgressLine.render("{\"state\":\"pending\",\"running\":false}").isEmpty());
        assertTrue(ProgressLine.render("{\"state\":\"pending\",\"running\":true,\"elapsed-ms\":5}").isEmpty());
        assertTrue(ProgressLine.render("").isEmpty());
    }

    @Test
    void controlCharactersAndEscapesInTheMessageCannotBreakTheLine() {
        String json = "{\"progress\":1,\"message\":\"a\\nb\\u0007c\\u00e9\"}";
        assertEquals(Optional.of("[####################] 100%  a b cé"), ProgressLine.render(json));
    }
}
