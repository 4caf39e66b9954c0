package dev.pulmo.api.io;

/**
 * A name derived from data that {@link OutputPaths} refused as an output path. The message quotes the name with
 * control characters escaped ({@link TerminalText#escape}) and says why, e.g.
 * {@code unsafe output name '../../etc/passwd.dcm': it has a '..' segment}.
 */
public class UnsafeNameException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String reason;

    /**
     * @param name   the refused name as the data gave it (may be null)
     * @param reason why it was refused
     */
    public UnsafeNameException(String name, String reason) {
        super("unsafe output name '" + TerminalText.escape(String.valueOf(name)) + "': " + reason);
        this.name = name;
        this.reason = reason;
    }

    /** @return the refused name, unescaped */
    public String name() {
        return name;
    }

    /** @return why it was refused */
    public String reason() {
        return reason;
    }
}
