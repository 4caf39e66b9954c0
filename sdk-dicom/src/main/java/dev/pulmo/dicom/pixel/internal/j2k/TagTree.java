package dev.pulmo.dicom.pixel.internal.j2k;

/** A tag tree of 15444-1 B.10.2 over a grid of code-blocks, decoded bit by bit from a packet header. */
final class TagTree {
    private static final int UNKNOWN = Integer.MAX_VALUE;
    private final int[] low;
    private final int[] value;
    private final int[] parent;
    private final int leaves;
    private final int[] path = new int[40];

    TagTree(int width, int height) {
        int nodes = 0;
        int w = width;
        int h = height;
        int levels = 0;
        do {
            nodes += w * h;
            levels++;
            if (w == 1 && h == 1) {
                break;
            }
            w = (w + 1) >> 1;
            h = (h + 1) >> 1;
        } while (true);
        low = new int[nodes];
        value = new int[nodes];
        parent = new int[nodes];
        java.util.Arrays.fill(value, UNKNOWN);
        leaves = width * height;
        int levelStart = 0;
        w = width;
        h = height;
        for (int level = 0; level < levels - 1; level++) {
            int pw = (w + 1) >> 1;
            int nextStart = levelStart + w * h;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    parent[levelStart + y * w + x] = nextStart + (y >> 1) * pw + (x >> 1);
                }
            }
            levelStart = nextStart;
            w = pw;
            h = (h + 1) >> 1;
        }
        parent[nodes - 1] = -1;
    }

    /**
     * B.10.2: reads bits until the leaf's value is known to be below {@code threshold} or not.
     *
     * @return true when the leaf's value is below the threshold
     */
    boolean decode(PacketHeaderBits bits, int leaf, int threshold) {
        int depth = 0;
        for (int node = leaf; node >= 0; node = parent[node]) {
            path[depth++] = node;
        }
        int lowest = 0;
        for (int i = depth - 1; i >= 0; i--) {
            int node = path[i];
            if (lowest > low[node]) {
                low[node] = lowest;
            } else {
                lowest = low[node];
            }
            while (lowest < threshold && lowest < value[node]) {
                if (bits.bit() != 0) {
                    value[node] = lowest;
                } else {
                    lowest++;
                }
            }
            low[node] = lowest;
        }
        return value[leaf] < threshold;
    }

    /** Reads the leaf's whole value (the zero bit-planes of B.10.5), at most {@code limit}. */
    int decodeValue(PacketHeaderBits bits, int leaf, int limit, long offset) {
        int threshold = 1;
        while (!decode(bits, leaf, threshold)) {
            threshold++;
            if (threshold > limit + 1) {
                throw new J2kException(offset, "tag tree value above " + limit + " (corrupt packet header)");
            }
        }
        return value[leaf];
    }

    int leaves() {
        return leaves;
    }
}
