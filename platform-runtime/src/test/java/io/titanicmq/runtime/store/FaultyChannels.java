package io.titanicmq.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A channel factory whose segment channels fail on command: the Nth write from now (optionally
 * after writing half of it, like a torn write) or the Nth fsync from now; or, while the "disk is
 * full", every write to a segment or a segment being created, until the disk is "freed".
 */
final class FaultyChannels implements ChannelFactory {

    private final AtomicInteger writesLeft = new AtomicInteger(-1);
    private final AtomicInteger forcesLeft = new AtomicInteger(-1);
    private volatile boolean partial;
    private volatile boolean diskFull;
    private volatile boolean fsyncBroken;

    /** The {@code n}-th write from now fails (1 = the next one); with {@code halfWritten} half of it reaches the file. */
    void failWrite(int n, boolean halfWritten) {
        partial = halfWritten;
        writesLeft.set(n);
    }

    /** The {@code n}-th fsync from now fails (1 = the next one). */
    void failForce(int n) {
        forcesLeft.set(n);
    }

    /** From now on every write to a segment (or a segment being created) fails with ENOSPC's message, until false. */
    void diskFull(boolean full) {
        diskFull = full;
    }

    /** From now on every fsync of a segment (or a segment being created) fails, until false. */
    void fsyncBroken(boolean broken) {
        fsyncBroken = broken;
    }

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        FileChannel real = FileChannel.open(path, options);
        String name = path.toString();
        return name.endsWith(".seg") || name.endsWith(".seg.tmp") ? new Faulty(real, name.endsWith(".seg")) : real;
    }

    private static boolean due(AtomicInteger left) {
        return left.get() > 0 && left.decrementAndGet() == 0;
    }

    private final class Faulty extends FileChannel {
        private final FileChannel real;
        /** Whether the one-shot faults count this channel (segments yes, files being created no). */
        private final boolean counted;

        Faulty(FileChannel real, boolean counted) {
            this.real = real;
            this.counted = counted;
        }

        private void checkSpace() throws IOException {
            if (diskFull) {
                throw new IOException("No space left on device (injected)");
            }
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            checkSpace();
            if (counted && due(writesLeft)) {
                if (partial) {
                    long total = 0;
                    for (int i = offset; i < offset + length; i++) {
                        total += srcs[i].remaining();
                    }
                    ByteBuffer half = ByteBuffer.allocate((int) (total / 2));
                    for (int i = offset; i < offset + length && half.hasRemaining(); i++) {
                        ByteBuffer src = srcs[i].duplicate();
                        src.limit(src.position() + Math.min(src.remaining(), half.remaining()));
                        half.put(src);
                    }
                    real.write(half.flip());
                }
                throw new IOException("injected write failure");
            }
            return real.write(srcs, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            checkSpace();
            if (counted && due(writesLeft)) {
                throw new IOException("injected write failure");
            }
            return real.write(src);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (fsyncBroken || counted && due(forcesLeft)) {
                throw new IOException("injected fsync failure");
            }
            real.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            checkSpace();
            return real.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
