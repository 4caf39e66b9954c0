package dev.pulmo.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * New UIDs without a registered root: PS3.5 B.2 allows {@code 2.25.} followed by the decimal value of a UUID
 * (ISO/IEC 9834-8), at most 44 characters, well within the 64 a UI holds.
 */
public final class Uids {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One digest per thread: looking SHA-1 up among the security providers costs more than hashing a UID. */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    });

    private Uids() {
    }

    /** A fresh UID from a random (version 4) UUID. */
    public static String random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[6] = (byte) (b[6] & 0x0f | 0x40);
        b[8] = (byte) (b[8] & 0x3f | 0x80);
        return "2.25." + new BigInteger(1, b);
    }

    /**
     * The same UID for the same name, always: a name-based (version 5, SHA-1) UUID of {@code name} in
     * {@code namespace}. De-identification uses it to replace UIDs consistently across files and runs.
     */
    public static String fromName(UUID namespace, String name) {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits()).array());
        sha1.update(name.getBytes(StandardCharsets.UTF_8));
        byte[] b = java.util.Arrays.copyOf(sha1.digest(), 16);
        b[6] = (byte) (b[6] & 0x0f | 0x50);
        b[8] = (byte) (b[8] & 0x3f | 0x80);
        return "2.25." + new BigInteger(1, b);
    }
}
