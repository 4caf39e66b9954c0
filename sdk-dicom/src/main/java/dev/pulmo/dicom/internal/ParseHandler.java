package dev.pulmo.dicom.internal;

import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.SpecificCharacterSet;

/** Events of {@link DicomParser}; returning false stops the parse. */
public interface ParseHandler {

    /** @param usOrSsFromDictionary true when the VR came from a {@code US or SS} dictionary entry */
    boolean element(DicomElement element, boolean usOrSsFromDictionary, int depth);

    boolean startSequence(int tag, int depth);

    void startItem(SpecificCharacterSet inherited, int depth);

    void endItem(int depth);

    void endSequence(int tag, int depth);

    void warning(String message);
}
