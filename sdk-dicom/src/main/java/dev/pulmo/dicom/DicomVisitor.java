package dev.pulmo.dicom;

/**
 * Receives a file's elements in one pass, in file order, without building a tree ({@link DicomReader#scan}).
 * Binary values of bulk VRs longer than the reader's inline limit arrive as {@link BulkData} that is not read
 * unless asked. A VR that the dictionary gives as {@code US or SS} is resolved with the Pixel Representation seen
 * so far (the tree reader resolves it against the whole file).
 */
public interface DicomVisitor {

    /** What the reader does after a callback. */
    enum Action { CONTINUE, STOP }

    /** Called once, before the dataset, with the File Meta (empty when the file has none). */
    default Action fileMeta(DicomDataset fileMeta, TransferSyntax transferSyntax, boolean preamble) {
        return Action.CONTINUE;
    }

    /** A non-sequence element; {@code depth} is 0 for the top-level dataset, 1 inside a first-level item, ... */
    default Action element(DicomElement element, int depth) {
        return Action.CONTINUE;
    }

    /** A sequence starts; its items follow, then {@link #endSequence}. */
    default Action startSequence(int tag, int depth) {
        return Action.CONTINUE;
    }

    default void startItem(int depth) {
    }

    default void endItem(int depth) {
    }

    default void endSequence(int tag, int depth) {
    }

    /** Something the reader tolerated. */
    default void warning(String message) {
    }
}
