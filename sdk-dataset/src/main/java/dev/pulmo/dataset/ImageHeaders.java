package dev.pulmo.dataset;

import dev.pulmo.api.GuidelineDates;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.Tag;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;

/** The guideline's {@code images[]} entry of a DICOM image, from its header (SPEC.md §3). */
public final class ImageHeaders {
    /** Date/time pairs tried in order for {@code date_captured}: when the image was acquired, else made. */
    private static final int[][] DATE_TIME_PAIRS = {
            {Tag.AcquisitionDate, Tag.AcquisitionTime},
            {Tag.ContentDate, Tag.ContentTime},
            {Tag.SeriesDate, Tag.SeriesTime},
            {Tag.StudyDate, Tag.StudyTime},
    };

    private ImageHeaders() {
    }

    /**
     * The image record for {@code key}: id 1 (one image per JSON file), the DICOM file's name, the ids of the
     * layout, Columns × Rows, the acquisition date-time, the plugin's modality code, manufacturer and model.
     *
     * @throws DicomException when Rows or Columns is missing
     */
    public static ImageRecord imageRecord(DicomDataset header, ImageKey key, String dicomFileName) {
        int rows = header.getInt(Tag.Rows).orElseThrow(() -> new DicomException(dicomFileName, DicomException.NO_OFFSET, Tag.Rows, "Rows is missing"));
        int columns = header.getInt(Tag.Columns).orElseThrow(() -> new DicomException(dicomFileName, DicomException.NO_OFFSET, Tag.Columns, "Columns is missing"));
        return ImageRecord.builder()
                .id(1)
                .fileName(dicomFileName)
                .patientId(key.patientId())
                .seriesId(key.series())
                .imageId(key.seq())
                .width(columns)
                .height(rows)
                .dateCaptured(captured(header).map(GuidelineDates::format).orElse(""))
                .modality(key.modality())
                .manufacturer(header.getString(Tag.Manufacturer).orElse(""))
                .manufacturerModelName(header.getString(Tag.ManufacturerModelName).orElse(""))
                .build();
    }

    /** When the image was captured: AcquisitionDateTime, else the first date (with its time) found. */
    public static Optional<LocalDateTime> captured(DicomDataset header) {
        try {
            Optional<LocalDateTime> dt = header.getDateTime(Tag.AcquisitionDateTime);
            if (dt.isPresent()) {
                return dt.map(t -> t.withNano(0));
            }
        } catch (DicomException e) {
            // a malformed AcquisitionDateTime: fall through to the separate date and time
        }
        for (int[] pair : DATE_TIME_PAIRS) {
            try {
                Optional<LocalDate> date = header.getDate(pair[0]);
                if (date.isPresent()) {
                    LocalTime time = header.getTime(pair[1]).orElse(LocalTime.MIDNIGHT).withNano(0);
                    return Optional.of(LocalDateTime.of(date.get(), time));
                }
            } catch (DicomException e) {
                // unreadable value: try the next pair
            }
        }
        return Optional.empty();
    }
}
