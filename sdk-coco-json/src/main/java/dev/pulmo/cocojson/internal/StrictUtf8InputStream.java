package dev.pulmo.cocojson.internal;

import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes bytes through while checking that they are well-formed UTF-8 as Unicode defines it (The Unicode Standard,
 * Table 3-7; RFC 3629): no overlong forms ({@code C0 AF} for '/'), no encoded surrogates ({@code ED A0 80}, CESU-8),
 * nothing above U+10FFFF, no stray continuation bytes, no sequence cut short by the end. Jackson's UTF-8 parser accepts
 * some of these; an overlong '/' or '"' is how filters are slipped past, and a surrogate becomes a string no other
 * tool reads the same way.
 */
public final class StrictUtf8InputStream extends FilterInputStream {

    /** The first byte that breaks UTF-8, with its offset in the stream. */
    public static final class MalformedUtf8Exception extends CharConversionException {
        private static final long serialVersionUID = 1L;
        private final long byteOffset;

        MalformedUtf8Exception(long byteOffset, String problem) {
            super("not well-formed UTF-8 at byte offset " + byteOffset + ": " + problem);
            this.byteOffset = byteOffset;
        }

        /** @return offset of the first byte of the bad sequence, from the start of the stream */
        public long byteOffset() {
            return byteOffset;
        }
    }

    private long offset;
    /** Continuation bytes still expected, and where the sequence started. */
    private int pending;
    private long sequenceStart;
    private int lead;
    private int second = -1;

    public StrictUtf8InputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            end();
        } else {
            check(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n < 0) {
            end();
        }
        int i = 0;
        while (i < n) {
            if (pending == 0) { // ASCII needs no state: most of a JSON document is a run of it
                int start = i;
                while (i < n && buffer[off + i] >= 0) {
                    i++;
                }
                offset += i - start;
                if (i == n) {
                    break;
                }
            }
            check(buffer[off + i] & 0xFF);
            i++;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // every byte must be seen to be checked
        long done = 0;
        while (done < n && read() >= 0) {
            done++;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void end() throws IOException {
        if (pending > 0) {
            throw new MalformedUtf8Exception(sequenceStart, String.format("the sequence starting with %02X is cut short "
                    + "by the end of the file", lead));
        }
    }

    private void check(int b) throws IOException {
        long at = offset++;
        if (pending > 0) {
            boolean ok;
            if (second < 0) {
                second = b;
                ok = switch (lead) {
                    case 0xE0 -> b >= 0xA0 && b <= 0xBF;
                    case 0xED -> b >= 0x80 && b <= 0x9F;
                    case 0xF0 -> b >= 0x90 && b <= 0xBF;
                    case 0xF4 -> b >= 0x80 && b <= 0x8F;
                    default -> b >= 0x80 && b <= 0xBF;
                };
                if (!ok) {
                    throw new MalformedUtf8Exception(sequenceStart, describeSecond(lead, b));
                }
            } else if (b < 0x80 || b > 0xBF) {
                throw new MalformedUtf8Exception(sequenceStart, String.format("%02X %02X is followed by %02X, not a "
                        + "continuation byte 80-BF", lead, second, b));
            }
            pending--;
            return;
        }
        if (b < 0x80) {
            return;
        }
        sequenceStart = at;
        lead = b;
        second = -1;
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
        } else if (b == 0xC0 || b == 0xC1) {
            throw new MalformedUtf8Exception(at, String.format("%02X starts an overlong encoding of an ASCII character",
                    b));
        } else if (b >= 0x80 && b <= 0xBF) {
            throw new MalformedUtf8Exception(at, String.format("%02X is a continuation byte without a lead byte", b));
        } else {
            throw new MalformedUtf8Exception(at, String.format("%02X never occurs in UTF-8 (it would encode a code "
                    + "point above U+10FFFF)", b));
        }
    }

    private static String describeSecond(int lead, int b) {
        if (b < 0x80 || b > 0xBF) {
            return String.format("%02X is followed by %02X, not a continuation byte 80-BF", lead, b);
        }
        return switch (lead) {
            case 0xE0, 0xF0 -> String.format("%02X %02X is an overlong encoding", lead, b);
            case 0xED -> String.format("ED %02X encodes a UTF-16 surrogate (U+D800-U+DFFF), which UTF-8 forbids", b);
            default -> String.format("F4 %02X encodes a code point above U+10FFFF", b);
        };
    }
}
