package dev.pulmo.dataset;

import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import java.util.List;
import java.util.Optional;

/** What a modality plugin's validators see of an image: its DICOM header, class and annotations. */
record HeaderImageContext(String file, CaseClass caseClass, DicomDataset header, Optional<AnnotationFile> annotations)
        implements ImageContext {

    @Override
    public Optional<String> attribute(String keyword) {
        try {
            List<String> values = header.getStrings(keyword);
            return values.isEmpty() || values.stream().allMatch(String::isEmpty) ? Optional.empty() : Optional.of(String.join("\\", values));
        } catch (DicomException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
