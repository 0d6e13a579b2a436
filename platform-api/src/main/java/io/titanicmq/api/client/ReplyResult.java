package io.titanicmq.api.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code titanic.reply} said about a request: one of {@link Ready}, {@link Pending},
 * {@link Unknown}, {@link Failed} or {@link ServerError}; {@link #kind()} names which, for a
 * {@code switch}.
 */
public sealed interface ReplyResult
        permits ReplyResult.Ready, ReplyResult.Pending, ReplyResult.Unknown, ReplyResult.Failed,
        ReplyResult.ServerError {

    /** The outcomes, one per implementation. */
    enum Kind {
        /** {@code 200}: the reply is stored; {@link Ready#frames()} holds it. */
        READY,
        /** {@code 300}: not done yet; ask again later. */
        PENDING,
        /** {@code 400}: the server does not know the request id, or it was closed. */
        UNKNOWN,
        /** {@code 410}: the request ended in a terminal failure; it will never have a reply. */
        FAILED,
        /** {@code 500}: the server failed to answer; asking again may work. */
        ERROR
    }

    /** Which outcome this is. */
    Kind kind();

    /**
     * The reply is ready.
     *
     * @param frames the worker's reply frames
     */
    record Ready(List<byte[]> frames) implements ReplyResult {

        /** @param frames the worker's reply frames (copied as a list) */
        public Ready {
            frames = List.copyOf(frames);
        }

        /** {@link Kind#READY}. */
        @Override
        public Kind kind() {
            return Kind.READY;
        }

        /** The frames decoded as UTF-8 text. */
        public List<String> textFrames() {
            List<String> texts = new ArrayList<>(frames.size());
            for (byte[] frame : frames) {
                texts.add(new String(frame, StandardCharsets.UTF_8));
            }
            return texts;
        }
    }

    /** The request is stored and not done yet. */
    record Pending() implements ReplyResult {

        /** {@link Kind#PENDING}. */
        @Override
        public Kind kind() {
            return Kind.PENDING;
        }
    }

    /**
     * The request id is unknown to the server, or the request was closed.
     *
     * @param text the text of the status frame, often empty
     */
    record Unknown(String text) implements ReplyResult {

        /** @param text the text of the status frame, often empty */
        public Unknown {
            Objects.requireNonNull(text, "text");
        }

        /** {@link Kind#UNKNOWN}. */
        @Override
        public Kind kind() {
            return Kind.UNKNOWN;
        }
    }

    /**
     * The request ended in a terminal failure (status {@code 410}).
     *
     * @param reason why, as the server recorded it
     */
    record Failed(String reason) implements ReplyResult {

        /** @param reason why, as the server recorded it */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }

        /** {@link Kind#FAILED}. */
        @Override
        public Kind kind() {
            return Kind.FAILED;
        }
    }

    /**
     * The server could not answer (status {@code 500}).
     *
     * @param text what the server said went wrong
     */
    record ServerError(String text) implements ReplyResult {

        /** @param text what the server said went wrong */
        public ServerError {
            Objects.requireNonNull(text, "text");
        }

        /** {@link Kind#ERROR}. */
        @Override
        public Kind kind() {
            return Kind.ERROR;
        }
    }
}
