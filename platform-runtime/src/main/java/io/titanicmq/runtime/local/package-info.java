/**
 * In-process 7/MDP links between the broker and the workers hosted in the same process.
 *
 * <p>A hosted worker speaks MDPW01 to its broker like any other worker: the same commands, frames,
 * heartbeats and DISCONNECT. Only the transport differs. Over a ZeroMQ {@code inproc} socket every
 * message to an idle socket costs a signal through that socket's own mailbox pipe, and a broker
 * serving sixteen worker connections pays sixteen of them per round; on a 2-core VM that capped the
 * broker near 10,000 requests per second. A {@link io.titanicmq.runtime.local.LocalHub} carries the
 * same frame lists through lock-free queues and wakes each side once per batch, whatever the number
 * of connections.
 *
 * <p>This package knows neither the broker nor the workers, so both rooms may use it.
 */
package io.titanicmq.runtime.local;
