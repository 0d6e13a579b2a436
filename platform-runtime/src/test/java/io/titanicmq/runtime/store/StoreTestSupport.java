package io.titanicmq.runtime.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Small helpers shared by the store tests. */
final class StoreTestSupport {

    private StoreTestSupport() {
    }

    static List<byte[]> frames(String... texts) {
        return Arrays.stream(texts).map(t -> t.getBytes(StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    static List<String> texts(List<byte[]> frames) {
        return frames.stream().map(f -> new String(f, StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    static List<String> texts(RequestState state) {
        return texts(((RequestState.Replied) state).frames());
    }

    static StoreSettings settings(Path dir) {
        return StoreSettings.defaults(dir);
    }

    static JournalStore open(StoreSettings settings, StoreMonitor monitor) throws java.io.IOException {
        return JournalStore.open(settings, monitor, ChannelFactory.DEFAULT);
    }
}
