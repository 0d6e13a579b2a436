package io.titanicmq.runtime.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Changes a well-formed message a little: the mutations a fuzzer applies to a valid template. */
final class Mutations {

    private static final int KINDS = 9;

    private final Random random;

    Mutations(Random random) {
        this.random = random;
    }

    /** Applies 1 to 3 mutations; the result has at least one frame. */
    List<byte[]> mutate(List<byte[]> message) {
        List<byte[]> frames = new ArrayList<>(message);
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            mutateOnce(frames);
        }
        if (frames.isEmpty()) {
            frames.add(new byte[0]);
        }
        return frames;
    }

    /** Cuts the message short: drops trailing frames or cuts its last frame. */
    List<byte[]> truncate(List<byte[]> message) {
        List<byte[]> frames = new ArrayList<>(message);
        if (frames.size() > 1 && random.nextBoolean()) {
            return new ArrayList<>(frames.subList(0, 1 + random.nextInt(frames.size() - 1)));
        }
        int last = frames.size() - 1;
        byte[] frame = frames.get(last);
        frames.set(last, Arrays.copyOf(frame, frame.length == 0 ? 0 : random.nextInt(frame.length)));
        return frames;
    }

    private void mutateOnce(List<byte[]> frames) {
        if (frames.isEmpty()) {
            frames.add(bytes(random.nextInt(8)));
            return;
        }
        int at = random.nextInt(frames.size());
        byte[] frame = frames.get(at);
        switch (random.nextInt(KINDS)) {
            case 0 -> frames.set(at, flipBit(frame));
            case 1 -> frames.set(at, Arrays.copyOf(frame, frame.length == 0 ? 0 : random.nextInt(frame.length)));
            case 2 -> frames.remove(at);
            case 3 -> frames.add(at, bytes(random.nextInt(40)));
            case 4 -> frames.add(at, frame.clone());
            case 5 -> frames.set(at, new byte[0]);
            case 6 -> {
                int other = random.nextInt(frames.size());
                frames.set(at, frames.get(other));
                frames.set(other, frame);
            }
            case 7 -> frames.subList(at, frames.size()).clear();
            default -> {
                for (int n = 1 + random.nextInt(5); n > 0; n--) {
                    frames.add(bytes(random.nextInt(64)));
                }
            }
        }
    }

    private byte[] flipBit(byte[] frame) {
        if (frame.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        byte[] copy = frame.clone();
        int bit = random.nextInt(copy.length * 8);
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    byte[] bytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}
