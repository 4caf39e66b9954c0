package dev.pulmo.runtime;

/** The runtime's one unchecked exception: the plugins cannot be loaded or do not fit together. */
public class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
