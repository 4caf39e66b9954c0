package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress hooks of the tree commands that show a progress line (nodules, export-nifti; export-coco has its own
 * test): called once per DICOM image of the tree, whatever becomes of the image, counted against a walk of the tree's
 * {@code dcm/} folders.
 */
class ProgressHooksTest {
    @TempDir
    Path dir;

    private DatasetLayout layout;
    private long dicomFiles;

    @BeforeEach
    void tree() throws IOException {
        layout = new DatasetLayout(dir.resolve("tree/lung_cancer"), DatasetScannerTest.CATALOG);
        DemoDataset.generate(layout, 11, new DemoDataset.Size(2, 4, 3));
        try (Stream<Path> files = Files.walk(layout.root())) {
            dicomFiles = files.filter(p -> p.getParent().getFileName().toString().equals(DatasetLayout.DICOM_FOLDER)
                    && Files.isRegularFile(p)).count();
        }
        assertThat(dicomFiles).isPositive();
    }

    @Test
    void nodulesCallsTheHookOncePerDicomImage() {
        AtomicLong calls = new AtomicLong();
        Nodules.Summary s = Nodules.write(layout, 2, Nodules.Format.CSV, new StringWriter(), f -> { }, calls::incrementAndGet);
        assertThat(s.failure()).isEmpty();
        assertThat(s.nodules()).isPositive();
        assertThat(calls.get()).isEqualTo(dicomFiles);
    }

    @Test
    void exportNiftiCallsTheHookOncePerDicomImageAlsoOfTheModalitiesItLeavesOut() {
        AtomicLong calls = new AtomicLong();
        // X-ray stays 2-D and PET is left out by --modality: their images are done all the same
        NiftiExport.Summary s = NiftiExport.export(layout, dir.resolve("nifti"), Optional.empty(), Set.of("CCT"),
                NiftiExport.PetValues.STORED, 2, f -> { }, calls::incrementAndGet);
        assertThat(s.failure()).isEmpty();
        assertThat(s.cases()).containsKey("CCT");
        assertThat(calls.get()).isEqualTo(dicomFiles);
    }
}
