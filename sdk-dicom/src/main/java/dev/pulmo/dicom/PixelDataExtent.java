package dev.pulmo.dicom;

/**
 * Where a file's top-level Pixel Data (or Float / Double Float Pixel Data) element is and how much of its value the
 * file holds, as a header read ({@link DicomReader#withStopBeforePixelData}) finds it without reading the pixels:
 * for a defined length, the element header only; for encapsulated data (undefined length), the item headers, each
 * item's value skipped. This is what tells a file cut short inside its pixels from a whole one.
 *
 * @param tag            the element's tag, e.g. {@link Tag#PixelData}
 * @param elementOffset  byte offset of the element's tag in the file (in the inflated dataset of a deflated file)
 * @param declaredLength the value length in the element header; -1 for undefined length (encapsulated)
 * @param availableBytes bytes of the value present in the file: for a defined length the smaller of the declared
 *                       length and what follows the header; for encapsulated data the sum of the items' values
 *                       present, item headers excluded
 * @param fragments      number of items of encapsulated data (the Basic Offset Table included); 0 for native data
 * @param complete       the whole value is in the file: every byte of a defined length, or every item and the
 *                       Sequence Delimitation Item of encapsulated data
 */
public record PixelDataExtent(int tag, long elementOffset, long declaredLength, long availableBytes, int fragments,
                              boolean complete) {

    /** True for encapsulated (compressed) pixel data, whose length is undefined. */
    public boolean encapsulated() {
        return declaredLength < 0;
    }
}
