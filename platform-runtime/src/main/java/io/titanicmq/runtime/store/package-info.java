/**
 * The durable request store behind Titanic (no ZeroMQ here). {@link io.titanicmq.runtime.store.RequestStore}
 * is the SPI the Titanic services use; {@link io.titanicmq.runtime.store.Stores} opens the backend
 * named in {@code titanic.store.backend} through {@link java.util.ServiceLoader}. The built-in
 * backend {@code "journal"} is an append-only, segmented, CRC-checked journal with group commit;
 * its byte layout is documented in {@code JournalWriter} and {@code docs/storage-format.md}.
 */
package io.titanicmq.runtime.store;
