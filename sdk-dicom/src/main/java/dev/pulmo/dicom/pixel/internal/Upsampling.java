package dev.pulmo.dicom.pixel.internal;

/**
 * Chroma upsampling as libjpeg-turbo's {@code jdsample.c} does it with {@code do_fancy_upsampling} (its default):
 * the triangle filters of {@code h2v1_fancy_upsample}, {@code h1v2_fancy_upsample} and {@code h2v2_fancy_upsample},
 * where each output sample weighs the nearer input sample 3/4 and the farther 1/4 in each direction, with libjpeg's
 * alternating rounding biases; the component's first and last real rows and columns are replicated at the edges
 * ({@code jdmainct.c}'s context rows). Other integral ratios replicate ({@code int_upsample}). IJG libjpeg 6b (dcmtk,
 * GDCM) has no 1x2 filter and replicates there.
 */
final class Upsampling {
    private Upsampling() {
    }

    /**
     * @param in      the component's samples, {@code stride} per row
     * @param width   the component's real width (libjpeg's {@code downsampled_width}), more than 2
     * @param out     {@code rows × columns} output samples
     */
    static void h2v1Fancy(int[] in, int stride, int width, int[] out, int rows, int columns) {
        int[] line = new int[2 * width];
        for (int y = 0; y < rows; y++) {
            int i = y * stride;
            line[0] = in[i];
            line[1] = (in[i] * 3 + in[i + 1] + 2) >> 2;
            for (int x = 1; x < width - 1; x++) {
                int value = in[i + x] * 3;
                line[2 * x] = (value + in[i + x - 1] + 1) >> 2;
                line[2 * x + 1] = (value + in[i + x + 1] + 2) >> 2;
            }
            int last = in[i + width - 1];
            line[2 * width - 2] = (last * 3 + in[i + width - 2] + 1) >> 2;
            line[2 * width - 1] = last;
            System.arraycopy(line, 0, out, y * columns, columns);
        }
    }

    /**
     * @param width  the component's real width, more than 2
     * @param height the component's real height (libjpeg's {@code downsampled_height}): rows above the first and
     *               below the last are taken to equal them
     */
    static void h2v2Fancy(int[] in, int stride, int width, int height, int[] out, int rows, int columns) {
        int[] line = new int[2 * width];
        for (int y = 0; y < rows; y++) {
            int inRow = y >> 1;
            // the upper output row of a pair blends with the input row above, the lower with the row below
            int nearRow = (y & 1) == 0 ? Math.max(inRow - 1, 0) : Math.min(inRow + 1, height - 1);
            int near = inRow * stride;
            int far = nearRow * stride;
            int thisColumn = in[near] * 3 + in[far];
            int nextColumn = in[near + 1] * 3 + in[far + 1];
            line[0] = (thisColumn * 4 + 8) >> 4;
            line[1] = (thisColumn * 3 + nextColumn + 7) >> 4;
            int lastColumn = thisColumn;
            thisColumn = nextColumn;
            for (int x = 2; x < width; x++) {
                nextColumn = in[near + x] * 3 + in[far + x];
                line[2 * x - 2] = (thisColumn * 3 + lastColumn + 8) >> 4;
                line[2 * x - 1] = (thisColumn * 3 + nextColumn + 7) >> 4;
                lastColumn = thisColumn;
                thisColumn = nextColumn;
            }
            line[2 * width - 2] = (thisColumn * 3 + lastColumn + 8) >> 4;
            line[2 * width - 1] = (thisColumn * 4 + 7) >> 4;
            System.arraycopy(line, 0, out, y * columns, columns);
        }
    }

    /**
     * 1:2 vertically (4:4:0): libjpeg-turbo's {@code h1v2_fancy_upsample}.
     *
     * @param height the component's real height
     */
    static void h1v2Fancy(int[] in, int stride, int height, int[] out, int rows, int columns) {
        for (int y = 0; y < rows; y++) {
            int inRow = y >> 1;
            boolean upper = (y & 1) == 0;
            int nearRow = upper ? Math.max(inRow - 1, 0) : Math.min(inRow + 1, height - 1);
            int bias = upper ? 1 : 2;
            int near = inRow * stride;
            int far = nearRow * stride;
            int o = y * columns;
            for (int x = 0; x < columns; x++) {
                out[o + x] = (in[near + x] * 3 + in[far + x] + bias) >> 2;
            }
        }
    }

    /** Each input sample repeated {@code hRatio × vRatio} times. */
    static void replicate(int[] in, int stride, int hRatio, int vRatio, int[] out, int rows, int columns) {
        for (int y = 0; y < rows; y++) {
            int i = (y / vRatio) * stride;
            int o = y * columns;
            for (int x = 0; x < columns; x++) {
                out[o + x] = in[i + x / hRatio];
            }
        }
    }
}
