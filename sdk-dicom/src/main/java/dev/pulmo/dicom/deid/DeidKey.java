package dev.pulmo.dicom.deid;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret of one de-identification project (kept in the mapping file, never in outputs). Everything that must
 * be the same across files and runs but must not be guessable from the outputs is derived from it with
 * HMAC-SHA-256: the namespace of replacement UIDs, each patient's date shift, and candidate new patient ids.
 * Without the key, nobody can recompute the original UIDs or dates by trying likely values.
 */
public final class DeidKey {
    private static final int BYTES = 32;

    private final byte[] secret;

    private DeidKey(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("a de-identification key needs at least 16 bytes, got " + secret.length);
        }
        this.secret = secret.clone();
    }

    /** @return a new random key of 256 bits */
    public static DeidKey generate() {
        byte[] b = new byte[BYTES];
        new SecureRandom().nextBytes(b);
        return new DeidKey(b);
    }

    /**
     * @param base64 the key as {@link #toBase64()} wrote it
     * @throws IllegalArgumentException when it is not base64 or shorter than 16 bytes
     */
    public static DeidKey fromBase64(String base64) {
        return new DeidKey(Base64.getDecoder().decode(base64.strip()));
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(secret);
    }

    /** @return the namespace for {@code Uids.fromName}: same key, same replacement UIDs (PS3.15 E.3.9) */
    public UUID uidNamespace() {
        ByteBuffer b = ByteBuffer.wrap(hmac("uid-namespace"));
        return new UUID(b.getLong(), b.getLong());
    }

    /**
     * The per-patient date shift: a whole number of days in [-3650, -1], derived from the key and the original
     * patient id, so that every date of one patient moves by the same amount (intervals are kept) and a patient's
     * shift is the same in every run with this key.
     */
    public int dateShiftDays(String originalPatientId) {
        long v = ByteBuffer.wrap(hmac("date-shift\u0000" + originalPatientId)).getLong();
        return -1 - (int) Long.remainderUnsigned(v, 3650);
    }

    /**
     * @param attempt 0 for the first candidate, then 1, 2, ... while a candidate collides with an id in use
     * @return a candidate new id for a patient: {@code digits} base-36 characters (0-9, A-Z), derived from the key
     */
    public String patientIdCandidate(String originalPatientId, int attempt, int digits) {
        long v = ByteBuffer.wrap(hmac("patient-id\u0000" + attempt + "\u0000" + originalPatientId)).getLong();
        long space = (long) Math.pow(36, digits);
        String s = Long.toString(Long.remainderUnsigned(v, space), 36).toUpperCase();
        return "0".repeat(digits - s.length()) + s;
    }

    private byte[] hmac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "DeidKey[secret]";
    }
}
