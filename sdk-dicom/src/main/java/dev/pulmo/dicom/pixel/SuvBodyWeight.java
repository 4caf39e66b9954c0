package dev.pulmo.dicom.pixel;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.Tag;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The body-weight standardised uptake value of a PET image (SUVbw, g/ml): activity concentration × body weight /
 * injected dose, the dose decayed to the time the image's values refer to. With the PET Image module's attributes
 * (PS3.3 C.8.9.4) and the Radiopharmaceutical Information Sequence (C.8.9.2), as the QIBA FDG-PET profile and
 * Kinahan's reference computation read them:
 *
 * <pre>
 * SUVbw = value [Bq/ml] × PatientWeight [kg] × 1000 / (RadionuclideTotalDose [Bq] × 2^(−Δt / RadionuclideHalfLife [s]))
 * </pre>
 *
 * where {@code value} is the modality value (after Rescale Slope/Intercept) and Δt is the time from the injection
 * (RadiopharmaceuticalStartDateTime, else SeriesDate with RadiopharmaceuticalStartTime) to the series' start
 * (SeriesDate, SeriesTime) when DecayCorrection is {@code START}, and 0 when it is {@code ADMIN} (values already
 * decayed to the administration). Units {@code GML} are SUVbw already (factor 1). Anything else (other Units,
 * DecayCorrection {@code NONE}, a missing or non-positive weight, dose or half-life, no injection time, an injection
 * after the series' start) gives no SUV and a reason.
 *
 * @param factor SUVbw per modality value (g/ml per Bq/ml)
 */
public record SuvBodyWeight(double factor) {

    /** An SUV factor, or why the header does not give one. */
    public record Result(Optional<SuvBodyWeight> suv, String whyNot) {
    }

    /** The SUVbw factor of a PET image's header. */
    public static Result of(DicomDataset header) {
        try {
            return compute(header);
        } catch (DicomException e) {
            return no(e.getMessage());
        }
    }

    private static Result compute(DicomDataset header) {
        String units = header.getString(Tag.Units).orElse("").trim().toUpperCase(Locale.ROOT);
        if (units.equals("GML")) {
            return new Result(Optional.of(new SuvBodyWeight(1)), "");
        }
        if (!units.equals("BQML")) {
            return no("Units (0054,1001) is '" + units + "', not BQML or GML");
        }
        OptionalDouble weight = header.getDouble(Tag.PatientWeight);
        if (weight.isEmpty() || !(weight.getAsDouble() > 0)) {
            return no("no positive Patient's Weight (0010,1030)");
        }
        List<DicomDataset> radiopharmaceutical = header.getSequence(Tag.RadiopharmaceuticalInformationSequence);
        if (radiopharmaceutical.isEmpty()) {
            return no("no Radiopharmaceutical Information Sequence (0054,0016)");
        }
        DicomDataset r = radiopharmaceutical.get(0);
        OptionalDouble dose = r.getDouble(Tag.RadionuclideTotalDose);
        OptionalDouble halfLife = r.getDouble(Tag.RadionuclideHalfLife);
        if (dose.isEmpty() || !(dose.getAsDouble() > 0)) {
            return no("no positive Radionuclide Total Dose (0018,1074)");
        }
        if (halfLife.isEmpty() || !(halfLife.getAsDouble() > 0)) {
            return no("no positive Radionuclide Half Life (0018,1075)");
        }
        String correction = header.getString(Tag.DecayCorrection).orElse("").trim().toUpperCase(Locale.ROOT);
        double elapsedSeconds;
        if (correction.equals("ADMIN")) {
            elapsedSeconds = 0;
        } else if (correction.equals("START")) {
            Optional<LocalDateTime> start = header.getDate(Tag.SeriesDate).flatMap(d -> header.getTime(Tag.SeriesTime).map(d::atTime));
            Optional<LocalDateTime> injection = r.getDateTime(Tag.RadiopharmaceuticalStartDateTime);
            if (injection.isEmpty()) {
                injection = header.getDate(Tag.SeriesDate).flatMap(d -> r.getTime(Tag.RadiopharmaceuticalStartTime).map(d::atTime));
            }
            if (start.isEmpty()) {
                return no("no Series Date and Time (0008,0021), (0008,0031) to decay the dose to");
            }
            if (injection.isEmpty()) {
                return no("no Radiopharmaceutical Start Date Time (0018,1078) or Start Time (0018,1072)");
            }
            elapsedSeconds = Duration.between(injection.get(), start.get()).toNanos() / 1e9;
            if (elapsedSeconds < 0) {
                return no("the injection (" + injection.get() + ") is after the series' start (" + start.get() + ")");
            }
        } else {
            return no("Decay Correction (0054,1102) is '" + correction + "', not START or ADMIN");
        }
        double decayedDose = dose.getAsDouble() * Math.pow(2, -elapsedSeconds / halfLife.getAsDouble());
        return new Result(Optional.of(new SuvBodyWeight(weight.getAsDouble() * 1000 / decayedDose)), "");
    }

    /** {@code lut} followed by this factor: stored value → SUVbw. */
    public ModalityLut applyTo(ModalityLut lut) {
        return new ModalityLut(lut.slope() * factor, lut.intercept() * factor);
    }

    private static Result no(String why) {
        return new Result(Optional.empty(), why);
    }
}
