package dev.pulmo.geometry.internal;

import java.util.Arrays;

/**
 * COCO run-length encoding as pycocotools' C mask API ({@code maskApi.c}) defines it: runs in column-major
 * order (down each column, then the next column), alternating background and foreground, starting with
 * background (so the first count may be 0). Counts are unsigned 32-bit in C; here they are ints checked to be
 * non-negative, which holds because a mask has at most 2^31 - 1 pixels.
 */
public final class RleCodec {
    private RleCodec() {
    }

    /** Counts of a packed row-major mask (layout of {@link BitRows}). */
    public static int[] encode(long[] words, int width, int height) {
        return encode(words, width, height, 0, height - 1);
    }

    /**
     * As {@link #encode(long[], int, int)} for a mask whose foreground lies in rows {@code firstRow} to {@code lastRow}
     * (every other row is zero): only those rows, the row after them and row 0 can hold a change, so only they are
     * scanned (one lesion of a 512-row image spans a few dozen).
     */
    public static int[] encode(long[] words, int width, int height, int firstRow, int lastRow) {
        int stride = BitRows.wordsPerRow(width);
        int scanFrom = Math.max(0, firstRow);
        int scanTo = Math.min(height - 1, lastRow + 1);
        long lastWordMask = -1L >>> (63 - ((width - 1) & 63));
        // A change in column-major order happens at (c, r) when pixel (c, r) differs from (c, r-1), or, at r = 0,
        // from (c-1, height-1); both comparisons work on whole words of a row. Pass 1 counts changes per
        // column, pass 2 places their rows column by column, which yields them in column-major order.
        int[] perColumn = new int[width + 1];
        for (int pass = 0; pass < 2; pass++) {
            int[] rowsOfChanges = null;
            int[] cursor = null;
            if (pass == 1) {
                for (int c = 0; c < width; c++) {
                    perColumn[c + 1] += perColumn[c];
                }
                rowsOfChanges = new int[perColumn[width]];
                cursor = Arrays.copyOf(perColumn, width);
            }
            for (int r = 0; r < height; r = r == 0 && scanFrom > 1 ? scanFrom : r + 1) {
                if (r > scanTo) {
                    break;
                }
                int base = r * stride;
                int previousBase = (r == 0 ? height - 1 : r - 1) * stride;
                long carry = 0;
                for (int k = 0; k < stride; k++) {
                    long previous = words[previousBase + k];
                    long before = r == 0 ? previous << 1 | carry : previous;
                    carry = previous >>> 63;
                    long changes = words[base + k] ^ before;
                    if (k == stride - 1) {
                        changes &= lastWordMask;
                    }
                    while (changes != 0) {
                        int column = (k << 6) + Long.numberOfTrailingZeros(changes);
                        changes &= changes - 1;
                        if (pass == 0) {
                            perColumn[column + 1]++;
                        } else {
                            rowsOfChanges[cursor[column]++] = r;
                        }
                    }
                }
            }
            if (pass == 1) {
                int[] counts = new int[rowsOfChanges.length + 1];
                int previousIndex = 0, m = 0;
                for (int c = 0; c < width; c++) {
                    for (int i = perColumn[c]; i < perColumn[c + 1]; i++) {
                        int index = c * height + rowsOfChanges[i];
                        counts[m++] = index - previousIndex;
                        previousIndex = index;
                    }
                }
                counts[m] = width * height - previousIndex;
                return counts;
            }
        }
        throw new AssertionError("unreachable");
    }

    /** Packed row-major mask of counts whose sum is {@code width * height}. */
    public static long[] decode(int[] counts, int width, int height) {
        int stride = BitRows.wordsPerRow(width);
        long[] words = new long[stride * height];
        int position = 0;
        for (int i = 0; i < counts.length; i++) {
            int remaining = counts[i];
            if ((i & 1) == 1) {
                int c = position / height, r = position % height;
                while (remaining > 0) {
                    int n = Math.min(remaining, height - r);
                    long bit = 1L << c;
                    int index = r * stride + (c >>> 6);
                    for (int k = 0; k < n; k++, index += stride) {
                        words[index] |= bit;
                    }
                    remaining -= n;
                    c++;
                    r = 0;
                }
            }
            position += counts[i];
        }
        return words;
    }

    /**
     * pycocotools' {@code rleToString}: each count, minus the count two places before it from the fourth count
     * on ({@code i > 2} in the C source, kept as is), in 5-bit groups, least significant first, each group + 48
     * as a character, bit 0x20 meaning "more groups follow", sign taken from bit 0x10 of the last group.
     */
    public static String toCompressedString(int[] counts) {
        StringBuilder out = new StringBuilder(counts.length * 2);
        for (int i = 0; i < counts.length; i++) {
            long x = counts[i] & 0xFFFFFFFFL;
            if (i > 2) {
                x -= counts[i - 2] & 0xFFFFFFFFL;
            }
            boolean more = true;
            while (more) {
                int c = (int) (x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) {
                    c |= 0x20;
                }
                out.append((char) (c + 48));
            }
        }
        return out.toString();
    }

    /**
     * pycocotools' {@code rleFrString}, straight into int counts. Returns null when the string is malformed or a
     * count falls outside 0..2^31−1; then {@code error[0]} is the index of the offending character (≥ 0), or
     * {@code −1 − run} for a count out of range, whose value is in {@code error[1]}.
     */
    public static int[] countsOfCompressedString(String s, long[] error) {
        // one bulk copy, then a plain array walk: measurably faster than charAt on 500,000 strings
        char[] chars = s.toCharArray();
        int n = chars.length;
        int[] counts = new int[n];
        int m = 0, p = 0;
        while (p < n) {
            long x = 0;
            int k = 0;
            boolean more = true;
            while (more) {
                if (p >= n) {
                    error[0] = p;
                    return null;
                }
                int c = chars[p] - 48;
                if (c < 0 || c > 63 || k > 12) {
                    error[0] = p;
                    return null;
                }
                x |= (long) (c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) {
                    x |= -1L << (5 * k);
                }
            }
            if (m > 2) {
                x += counts[m - 2];
            }
            if (x < 0 || x > Integer.MAX_VALUE) {
                error[0] = -1 - m;
                error[1] = x;
                return null;
            }
            counts[m++] = (int) x;
        }
        return Arrays.copyOf(counts, m);
    }

    /** pycocotools' {@code rleArea}: the sum of the odd-indexed (foreground) counts. */
    public static long area(int[] counts) {
        long area = 0;
        for (int i = 1; i < counts.length; i += 2) {
            area += counts[i];
        }
        return area;
    }

    /**
     * pycocotools' {@code rleToBbox} as {x, y, w, h}, quirks included: all zeros when there is no foreground
     * run, and a run that continues into the next column widens the box to the full height.
     */
    public static long[] toBbox(int[] counts, int width, int height) {
        int m = counts.length / 2 * 2;
        if (m == 0) {
            return new long[4];
        }
        // The C code divides every cumulative count by the height; here the position is advanced run by run (a
        // division only when a run crosses more than one column). A zero-length
        // first run pair makes C's unsigned index wrap: that case takes the literal route.
        long cc = 0;
        long x = 0, y = 0;
        long xs = width, ys = height, xe = 0, ye = 0, xp = 0;
        for (int j = 0; j < m; j++) {
            int c = counts[j];
            cc += c;
            y += c;
            if (y >= height) {
                // most runs of a shape end in the next column: a subtraction; a division only for longer ones
                y -= height;
                x++;
                if (y >= height) {
                    x += y / height;
                    y %= height;
                }
            }
            long px = x, py = y;
            if ((j & 1) == 1) {
                if (cc == 0) {
                    return toBboxLiterally(counts, width, height);
                }
                // the last foreground pixel is the one before the cumulative count
                if (py == 0) {
                    px--;
                    py = height - 1;
                } else {
                    py--;
                }
                if (xp < px) {
                    ys = 0;
                    ye = height - 1L;
                }
            } else {
                xp = px;
            }
            xs = Math.min(xs, px);
            xe = Math.max(xe, px);
            ys = Math.min(ys, py);
            ye = Math.max(ye, py);
        }
        return new long[] {xs, ys, xe - xs + 1, ye - ys + 1};
    }

    /** {@code rleToBbox} as written in C, unsigned arithmetic and all. */
    public static long[] toBboxLiterally(int[] counts, int width, int height) {
        int m = counts.length / 2 * 2;
        if (m == 0) {
            return new long[4];
        }
        long h = height;
        long xs = width, ys = height, xe = 0, ye = 0, cc = 0, xp = 0;
        for (int j = 0; j < m; j++) {
            cc = (cc + (counts[j] & 0xFFFFFFFFL)) & 0xFFFFFFFFL;
            long t = (cc - j % 2) & 0xFFFFFFFFL;
            long y = t % h, x = (t - y) / h;
            if (j % 2 == 0) {
                xp = x;
            } else if (xp < x) {
                ys = 0;
                ye = h - 1;
            }
            xs = Math.min(xs, x);
            xe = Math.max(xe, x);
            ys = Math.min(ys, y);
            ye = Math.max(ye, y);
        }
        return new long[] {xs, ys, xe - xs + 1, ye - ys + 1};
    }

    /** pycocotools' {@code rleMerge} of two RLEs of one size: union, or intersection when {@code intersect}. */
    public static int[] merge(int[] a, int[] b, boolean intersect) {
        int[] out = new int[a.length + b.length + 1];
        int m = 0;
        long ca = a[0], cb = b[0];
        boolean va = false, vb = false, v = false;
        int ia = 1, ib = 1;
        long cc = 0;
        long ct = 1;
        while (ct > 0) {
            long c = Math.min(ca, cb);
            cc += c;
            ct = 0;
            ca -= c;
            if (ca == 0 && ia < a.length) {
                ca = a[ia++];
                va = !va;
            }
            ct += ca;
            cb -= c;
            if (cb == 0 && ib < b.length) {
                cb = b[ib++];
                vb = !vb;
            }
            ct += cb;
            boolean vp = v;
            v = intersect ? va && vb : va || vb;
            if (v != vp || ct == 0) {
                out[m++] = (int) cc;
                cc = 0;
            }
        }
        return Arrays.copyOf(out, m);
    }
}
