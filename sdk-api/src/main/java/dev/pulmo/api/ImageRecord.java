package dev.pulmo.api;

/**
 * One entry of the {@code images} section of a guideline JSON file (SPEC.md §3). Values are kept as
 * given; limits are checked by validation.
 *
 * @param id                    image id within the file (the guideline's default is 1)
 * @param fileName              the DICOM file name (limit 50)
 * @param patientId             de-identified patient id (7)
 * @param seriesId              series number as a string (7)
 * @param imageId               the image's sequence number in its series, as a string (7)
 * @param width                 columns, 1–9,999,999
 * @param height                rows, 1–9,999,999
 * @param dateCaptured          acquisition date, {@code yyyy-MM-dd HH-mm-ss} by default (20)
 * @param modality              modality code ({@code XRY}, {@code CCT}, {@code PCT} or a plugin's)
 * @param manufacturer          device manufacturer (300)
 * @param manufacturerModelName device model, JSON key {@code "manufacturer ModelName"} with its space (300)
 */
public record ImageRecord(long id, String fileName, String patientId, String seriesId, String imageId,
                          long width, long height, String dateCaptured, String modality,
                          String manufacturer, String manufacturerModelName) {

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().id(id).fileName(fileName).patientId(patientId).seriesId(seriesId).imageId(imageId)
                .width(width).height(height).dateCaptured(dateCaptured).modality(modality)
                .manufacturer(manufacturer).manufacturerModelName(manufacturerModelName);
    }

    /** Builds an {@link ImageRecord}; unset strings are {@code null}, unset id is 1. */
    public static final class Builder {
        private long id = 1;
        private String fileName;
        private String patientId;
        private String seriesId;
        private String imageId;
        private long width;
        private long height;
        private String dateCaptured;
        private String modality;
        private String manufacturer;
        private String manufacturerModelName;

        private Builder() {
        }

        public Builder id(long v) { id = v; return this; }
        public Builder fileName(String v) { fileName = v; return this; }
        public Builder patientId(String v) { patientId = v; return this; }
        public Builder seriesId(String v) { seriesId = v; return this; }
        public Builder imageId(String v) { imageId = v; return this; }
        public Builder width(long v) { width = v; return this; }
        public Builder height(long v) { height = v; return this; }
        public Builder dateCaptured(String v) { dateCaptured = v; return this; }
        public Builder modality(String v) { modality = v; return this; }
        public Builder manufacturer(String v) { manufacturer = v; return this; }
        public Builder manufacturerModelName(String v) { manufacturerModelName = v; return this; }

        public ImageRecord build() {
            return new ImageRecord(id, fileName, patientId, seriesId, imageId, width, height, dateCaptured,
                    modality, manufacturer, manufacturerModelName);
        }
    }
}
