package io.titanicmq.api.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Constants of 7/MDP (Majordomo 0.1) and 8/MMI. */
public final class Mdp {

    /** The client protocol header, first frame of every client message. */
    public static final String CLIENT = "MDPC01";
    /** The worker protocol header, frame after the empty delimiter of every worker message. */
    public static final String WORKER = "MDPW01";
    /** Prefix of the broker's own service namespace (8/MMI). */
    public static final String MMI_PREFIX = "mmi.";
    /** 8/MMI service lookup: is there a worker for the service named in the body? */
    public static final String MMI_SERVICE = "mmi.service";
    /** 8/MMI: a worker serves the service. */
    public static final String MMI_FOUND = "200";
    /** 8/MMI: no worker serves the service. */
    public static final String MMI_NOT_FOUND = "404";
    /** 8/MMI: the mmi.* service asked for is not implemented. */
    public static final String MMI_NOT_IMPLEMENTED = "501";

    private static final byte[] CLIENT_FRAME = CLIENT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WORKER_FRAME = WORKER.getBytes(StandardCharsets.US_ASCII);

    private Mdp() {
    }

    /** A fresh copy of the {@code MDPC01} frame. */
    public static byte[] clientHeader() {
        return CLIENT_FRAME.clone();
    }

    /** A fresh copy of the {@code MDPW01} frame. */
    public static byte[] workerHeader() {
        return WORKER_FRAME.clone();
    }

    /** Whether {@code frame} is exactly {@code MDPC01}. */
    public static boolean isClientHeader(byte[] frame) {
        return Arrays.equals(CLIENT_FRAME, frame);
    }

    /** Whether {@code frame} is exactly {@code MDPW01}. */
    public static boolean isWorkerHeader(byte[] frame) {
        return Arrays.equals(WORKER_FRAME, frame);
    }

    /**
     * The bytes of a message body: the sum of its frames' lengths, without the 7/MDP envelope.
     * Size limits (of a message, a request, a reply) count this.
     */
    public static long bodySize(List<byte[]> frames) {
        long size = 0;
        for (byte[] frame : frames) {
            size += frame.length;
        }
        return size;
    }
}
