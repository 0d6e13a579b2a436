package io.titanicmq.runtime.config;

/** The configuration is invalid; the message names the file, line and key. Start-up stops. */
public final class ConfigurationException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the problem, with origin and key
     * @param cause the typesafe config exception, or null
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
