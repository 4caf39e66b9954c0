package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.NiftiExport;
import dev.pulmo.runtime.PluginRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulmo export-nifti}: CT and PET-CT series as NIfTI volumes laid out for nnU-Net v2 and MONAI. */
@Command(name = "export-nifti",
        header = "Export CT and PET-CT series as NIfTI-1 image and label volumes for nnU-Net v2 and MONAI.",
        description = {"Per modality, DIR/<code>/ is an nnU-Net raw dataset: imagesTr/<patient>_<series>_0000.nii.gz, "
                + "labelsTr/<patient>_<series>.nii.gz (the training and validation parts of --split, or every series), "
                + "imagesTs/ and labelsTs/ (the test part), and dataset.json (channel CT or PET, labels background and each "
                + "category's English name with its id).",
                "Images hold the stored values with Rescale Slope/Intercept in scl_slope/scl_inter (float32 modality values "
                        + "when the rescale varies between slices); labels the category ids. The affine (sform and qform) comes "
                        + "from Image Position/Orientation and Pixel Spacing, LPS turned to RAS, slices ordered along the normal "
                        + "(right-handed), slice step from the positions.",
                "With --pet-values suv, PET images hold SUVbw (g/ml) as float32 (scl_slope 1): the body-weight factor "
                        + "from Patient's Weight, the radionuclide's total dose and half-life and the injection time, decayed "
                        + "to the series start when Decay Correction is START (as export-coco and render compute it). A PET "
                        + "series whose headers lack what SUV needs is refused with the reason (nifti.suv-unavailable).",
                "Series with gaps or inconsistent geometry are refused with a reason (nifti.refused), never resampled; "
                        + "X-ray is 2-D and skipped."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:exported", "1:series refused or files unreadable (findings)", "2:usage or I/O failure"})
final class ExportNiftiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatasetOptions dataset;

    @Mixin
    OutOption outOption = OutOption.of("DIR", "The folder to write (created).").required();

    @Option(names = "--split", paramLabel = "SPLIT.csv", description = "A split manifest (pulmo split): the test part goes to imagesTs.")
    Path split;

    @Option(names = "--modality", paramLabel = "CODE", arity = "1..*", description = "Only these modalities (e.g. CCT).")
    List<String> modalities = new ArrayList<>();

    @Option(names = "--pet-values", paramLabel = "<values>", defaultValue = "stored",
            description = "PET images as ${COMPLETION-CANDIDATES}: stored values with the rescale in the header, or SUVbw "
                    + "(default: ${DEFAULT-VALUE}).")
    PetValues petValues;

    /** The values of {@code --pet-values}, as typed. */
    enum PetValues { stored, suv }

    @Mixin
    FormatOption format = FormatOption.forFindings();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        dataset.check();
        Path out = dataset.outsideTheLayout("--out", outOption.folder());
        if (split != null && !Files.isRegularFile(split)) {
            err.println("pulmo export-nifti: --split " + TerminalText.escape(split.toString()) + ": no such file");
            return ExitCodes.USAGE_OR_IO;
        }
        FindingsReport report = null;
        java.util.concurrent.atomic.AtomicLong images = new java.util.concurrent.atomic.AtomicLong(); // the DICOM files read
        NiftiExport.Summary s;
        try (PluginRegistry registry = dataset.plugins.open()) {
            // the shared check: any case, the loaded codes listed when unknown; before any output
            Set<String> codes = new java.util.LinkedHashSet<>();
            for (String m : modalities) {
                codes.add(InputChecks.modality(spec.commandLine(), "--modality", m, registry.catalog()));
            }
            report = FindingsReport.open(format.findings(), spec.commandLine().getOut());
            DatasetLayout layout = dataset.layout(registry);
            Progress progress = new Progress(err, "export-nifti", "images", Progress.images(layout));
            s = NiftiExport.export(layout, out, Optional.ofNullable(split), Set.copyOf(codes),
                    petValues == PetValues.suv ? NiftiExport.PetValues.SUV : NiftiExport.PetValues.STORED,
                    dataset.threads(), report, () -> {
                        images.incrementAndGet();
                        progress.step(true);
                    });
            progress.finish();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            if (report != null) {
                report.finish(0);
            }
            err.println("pulmo export-nifti: " + TerminalText.escape(e.getMessage()));
            return ExitCodes.USAGE_OR_IO;
        }
        if (format.findings() == FindingsReport.Format.text && s.failure().isEmpty()) {
            s.cases().forEach((modality, counts) -> spec.commandLine().getOut().println(out.resolve(modality) + ": "
                    + counts.getOrDefault("imagesTr", 0L) + " training cases, " + counts.getOrDefault("imagesTs", 0L) + " test cases"));
            spec.commandLine().getOut().println(s.refused() + " series refused");
        }
        report.finish(images.get());
        if (s.failure().isPresent()) {
            err.println("pulmo export-nifti: stopped before the end of the tree: " + s.failure().get().message());
            return ExitCodes.USAGE_OR_IO;
        }
        return s.errors() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }
}
