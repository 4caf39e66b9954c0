package dev.pulmo.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One result of a check: the common currency of every validator in the SDK. Validators return lists of
 * findings; they do not throw.
 *
 * @param severity how bad it is
 * @param code     stable rule code, dot-separated lower-case words such as {@code json.bbox.outside-image};
 *                 scripts may rely on it across versions
 * @param location where it applies
 * @param message  what was found and what was expected, for a person
 */
public record Finding(Severity severity, String code, Location location, String message) {
    private static final Pattern CODE = Pattern.compile("[a-z0-9]+(?:[.-][a-z0-9]+)*");

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("finding code must be dot-separated lower-case words, got '" + code + "'");
        }
    }

    public static Finding error(String code, Location location, String message) {
        return new Finding(Severity.ERROR, code, location, message);
    }

    public static Finding warning(String code, Location location, String message) {
        return new Finding(Severity.WARNING, code, location, message);
    }

    public static Finding info(String code, Location location, String message) {
        return new Finding(Severity.INFO, code, location, message);
    }

    public Finding withFile(String file) {
        return new Finding(severity, code, location.withFile(file), message);
    }

    @Override
    public String toString() {
        return severity + " " + code + " " + location + ": " + message;
    }
}
