package dev.pulmo.dicom.pixel;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.Tag;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The body-weight standardised uptake value (SUVbw) of a PET image: {@code SUV = modality value × factor}, where the
 * modality value is the activity concentration in Bq/ml after the {@link ModalityLut} and
 * {@code factor = weight (g) / decay-corrected injected dose (Bq)}.
 *
 * <p>The computation is the one of the QIBA FDG-PET/CT profile and the DICOM "SUV" note (PS3.17 Annex I
 * of older editions): Units (0054,1001) {@code BQML}; Corrected Image (0028,0051) contains {@code DECY} (the
 * pixels are decay corrected); Decay Correction (0054,1102) {@code START} (to the series start: the dose is decayed
 * from the radiopharmaceutical start time to Series Date/Time with the radionuclide's half-life) or {@code ADMIN}
 * (already to the administration time: no decay); Radionuclide Total Dose (0018,1074) and Radionuclide Half Life
 * (0018,1075) of the first item of the Radiopharmaceutical Information Sequence (0054,0016), with its
 * Radiopharmaceutical Start DateTime (0018,1078), else Start Time (0018,1072) on the series date; Patient's Weight
 * (0010,1030) in kg. Units {@code GML} means the pixels are SUVbw already (factor 1). Anything else, or a value
 * missing, gives no SUV and a reason ({@link Outcome#reason()}).
 *
 * @param factor multiply a modality value by it to get SUVbw (g/ml)
 */
public record SuvScale(double factor) {
    /** @throws IllegalArgumentException when the factor is not finite and positive */
    public SuvScale {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("an SUV factor is finite and positive, got " + factor);
        }
    }

    /** A factor, or why there is none. */
    public record Outcome(Optional<SuvScale> scale, String reason) {
    }

    /** SUVbw of {@code modalityValue}. */
    public double suv(double modalityValue) {
        return modalityValue * factor;
    }

    /** The modality value of {@code suv} (to window in modality units). */
    public double modalityValue(double suv) {
        return suv / factor;
    }

    /** {@code lut} followed by this factor: stored value → SUVbw. */
    public ModalityLut applyTo(ModalityLut lut) {
        return new ModalityLut(lut.slope() * factor, lut.intercept() * factor);
    }

    /** The SUVbw factor of a PET image's header, or why it cannot be computed (also for a value that cannot be read). */
    public static Outcome bodyWeight(DicomDataset header) {
        try {
            return compute(header);
        } catch (DicomException e) {
            return none(e.getMessage());
        }
    }

    private static Outcome compute(DicomDataset header) {
        String units = header.getString(Tag.Units).orElse("").trim().toUpperCase(Locale.ROOT);
        if (units.equals("GML")) {
            return new Outcome(Optional.of(new SuvScale(1)), "Units GML: the pixels are SUVbw");
        }
        if (!units.equals("BQML")) {
            return none("Units (0054,1001) is " + (units.isEmpty() ? "missing" : units) + ", not BQML");
        }
        List<String> corrected = header.getStrings(Tag.CorrectedImage);
        if (corrected.stream().noneMatch(s -> s.trim().equals("DECY"))) {
            return none("Corrected Image (0028,0051) does not list DECY (decay corrected)");
        }
        String decay = header.getString(Tag.DecayCorrection).orElse("").trim().toUpperCase(Locale.ROOT);
        if (!decay.equals("START") && !decay.equals("ADMIN")) {
            return none("Decay Correction (0054,1102) is " + (decay.isEmpty() ? "missing" : decay) + ", not START or ADMIN");
        }
        double weightKg = header.getDouble(Tag.PatientWeight).orElse(0);
        if (!(weightKg > 0)) {
            return none("Patient's Weight (0010,1030) is missing or not positive");
        }
        List<DicomDataset> drugs = header.getSequence(Tag.RadiopharmaceuticalInformationSequence);
        if (drugs.isEmpty()) {
            return none("no Radiopharmaceutical Information Sequence (0054,0016)");
        }
        DicomDataset drug = drugs.get(0);
        double dose = drug.getDouble(Tag.RadionuclideTotalDose).orElse(0);
        double halfLife = drug.getDouble(Tag.RadionuclideHalfLife).orElse(0);
        if (!(dose > 0) || !(halfLife > 0)) {
            return none("Radionuclide Total Dose (0018,1074) or Half Life (0018,1075) is missing or not positive");
        }
        double decayed = dose;
        if (decay.equals("START")) {
            Optional<LocalDateTime> scan = at(header.getDate(Tag.SeriesDate), header.getTime(Tag.SeriesTime));
            Optional<LocalDateTime> injection = drug.getDateTime(Tag.RadiopharmaceuticalStartDateTime)
                    .or(() -> at(header.getDate(Tag.SeriesDate), drug.getTime(Tag.RadiopharmaceuticalStartTime)));
            if (scan.isEmpty() || injection.isEmpty()) {
                return none("Series Time (0008,0031) or Radiopharmaceutical Start Time (0018,1072/1078) is missing");
            }
            LocalDateTime start = injection.get();
            if (start.isAfter(scan.get()) && drug.getDateTime(Tag.RadiopharmaceuticalStartDateTime).isEmpty()) {
                start = start.minusDays(1); // times only, and the injection after the scan: it was the day before
            }
            double seconds = Duration.between(start, scan.get()).toMillis() / 1000.0;
            if (seconds < 0) {
                return none("the radiopharmaceutical start is after the series start");
            }
            decayed = dose * Math.pow(2, -seconds / halfLife);
        }
        return new Outcome(Optional.of(new SuvScale(weightKg * 1000 / decayed)),
                String.format(Locale.ROOT, "SUVbw: %.1f kg, %.1f MBq decayed to %.1f MBq", weightKg, dose / 1e6, decayed / 1e6));
    }

    private static Optional<LocalDateTime> at(Optional<LocalDate> date, Optional<LocalTime> time) {
        return time.map(t -> LocalDateTime.of(date.orElse(LocalDate.of(2000, 1, 1)), t));
    }

    private static Outcome none(String reason) {
        return new Outcome(Optional.empty(), reason);
    }
}
