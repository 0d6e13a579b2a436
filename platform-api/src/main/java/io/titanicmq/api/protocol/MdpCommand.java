package io.titanicmq.api.protocol;

import java.util.Optional;

/**
 * The worker commands of 7/MDP (MDPW01), with the byte each is sent as, plus TitanicMQ's one
 * extension command {@link #PROGRESS} (docs/protocol.md).
 */
public enum MdpCommand {
    /** Worker to broker: ready to serve the service named in the next frame. */
    READY(0x01),
    /** Broker to worker: a request, {@code [client address][""][body...]}. */
    REQUEST(0x02),
    /** Worker to broker: the reply, {@code [client address][""][body...]}. */
    REPLY(0x03),
    /** Either way: I am alive. */
    HEARTBEAT(0x04),
    /** Either way: the connection is over. */
    DISCONNECT(0x05),
    /**
     * TitanicMQ extension, worker to broker: progress of the request being served,
     * {@code [client address][""][fraction as ASCII decimal 0..1][message UTF-8]}. Not an MDP reply:
     * the broker passes it to an internal requester (Titanic) and drops it for an MDP client.
     */
    PROGRESS(0x10);

    private final byte code;

    MdpCommand(int code) {
        this.code = (byte) code;
    }

    /** The byte on the wire. */
    public byte code() {
        return code;
    }

    /** The frame carrying this command: one byte. */
    public byte[] frame() {
        return new byte[] {code};
    }

    /**
     * Decodes a command frame.
     *
     * @param frame the frame as received
     * @return the command, or empty when the frame is not exactly one known command byte
     */
    public static Optional<MdpCommand> of(byte[] frame) {
        if (frame == null || frame.length != 1) {
            return Optional.empty();
        }
        for (MdpCommand command : values()) {
            if (command.code == frame[0]) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }
}
