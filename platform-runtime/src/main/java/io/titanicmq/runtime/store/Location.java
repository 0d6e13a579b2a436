package io.titanicmq.runtime.store;

/** Where a record's frame starts: segment number and byte offset in that segment file. */
record Location(long segment, long offset) {
}
