package io.titanicmq.runtime.cli;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Prints reply frames one per line: UTF-8 text as is, anything else as {@code 0x}-prefixed hex. */
final class FramePrinter {

    private FramePrinter() {
    }

    static void print(PrintStream out, List<byte[]> frames) {
        for (byte[] frame : frames) {
            out.println(render(frame));
        }
        out.flush();
    }

    static String render(byte[] frame) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(frame)).toString();
        } catch (CharacterCodingException binary) {
            return "0x" + HexFormat.of().formatHex(frame);
        }
    }
}
