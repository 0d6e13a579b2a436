/**
 * CurveZMQ security for the broker endpoint: key files ({@link io.titanicmq.runtime.security.KeyFiles}),
 * the {@code titanic.security} settings ({@link io.titanicmq.runtime.security.SecuritySettings}),
 * the allow-lists the broker asks ({@link io.titanicmq.runtime.security.AccessList}), the RFC 27
 * ZAP handler that admits or refuses keys at the handshake
 * ({@link io.titanicmq.runtime.security.ZapHandler}) and the rule that plaintext stays on loopback
 * ({@link io.titanicmq.runtime.security.EndpointPolicy}). See docs/security.md.
 */
package io.titanicmq.runtime.security;
