package dev.pulmo.dicom.deid;

/**
 * A rectangle of pixels to blank, in pixel-corner coordinates: (0,0) is the top-left corner of the top-left
 * pixel, and the rectangle covers the pixels (c,r) with {@code x <= c < x + width}, {@code y <= r < y + height}.
 * Parts outside the image are ignored.
 */
public record BlankRectangle(int x, int y, int width, int height) {
    public BlankRectangle {
        if (x < 0 || y < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("rectangle needs x, y >= 0 and width, height >= 1, got "
                    + x + "," + y + " " + width + "x" + height);
        }
    }
}
