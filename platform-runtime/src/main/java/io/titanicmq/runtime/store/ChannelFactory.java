package io.titanicmq.runtime.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** Opens the journal's file channels; injectable so tests can fail writes and fsyncs. */
@FunctionalInterface
interface ChannelFactory {

    /** The default: {@link FileChannel#open(Path, OpenOption...)}. */
    ChannelFactory DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
