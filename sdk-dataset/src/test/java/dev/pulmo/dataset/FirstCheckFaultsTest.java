package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the guideline's first check must catch (issue: validate passed these): each fault planted in a converted demo
 * tree is named by its rule and its file, the untouched tree has none of these findings, and the check modifies
 * nothing. Each fault is made the way it happens: a file cut short by a copy, a mask of another patient or study copied
 * into a series, a slice lost from a series, a temporary file left by a killed run.
 */
class FirstCheckFaultsTest {
    private static final Set<String> FAULT_CODES = Set.of("image.pixel-data-truncated", "mask.wrong-patient",
            "mask.wrong-study", "mask.wrong-image", "cct.slice-gap", "layout.leftover-temporary-file", "mask.size-mismatch");

    @TempDir
    Path dir;
    DatasetLayout layout;
    DemoDataset.Result demo;

    @BeforeEach
    void tree() {
        layout = new DatasetLayout(dir.resolve("lung_cancer"), DatasetScannerTest.CATALOG);
        demo = DemoDataset.generate(layout, 9, new DemoDataset.Size(2, 5, 3));
        assertThat(Runs.convert(layout, true, new HashMap<>()).summary().errors()).isZero();
    }

    private DemoDataset.Lesion lesion(String modality, int index) {
        return demo.lesions().stream().filter(l -> l.image().modality().equals(modality)).skip(index).findFirst().orElseThrow();
    }

    private List<String> faultFindings() {
        return Runs.validate(layout).findings().stream().filter(f -> FAULT_CODES.contains(f.code()))
                .map(f -> f.severity() + " " + f.code() + " " + layout.root().relativize(Path.of(f.location().file()))).toList();
    }

    @Test
    void theValidTreeHasNoneOfTheFaults() {
        assertThat(faultFindings()).isEmpty();
    }

    @Test
    void everyFaultIsNamedWithItsFileAndNothingIsModified() throws Exception {
        // 1. an image cut short inside its pixel data, as by an interrupted copy
        DemoDataset.Lesion ct = lesion("CCT", 0);
        Path truncated = layout.dicomFile(ct.image());
        try (RandomAccessFile f = new RandomAccessFile(truncated.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        // 2. an image whose Pixel Data declares about 4 GiB (a corrupted length field)
        DemoDataset.Lesion xr = lesion("XRY", 0);
        Path huge = layout.dicomFile(xr.image());
        setPixelDataLength(huge, 0xFFFFFFF0L);
        // 3. a mask of another patient copied over the mask of a PET image; 4. one of another study over a CT mask
        DemoDataset.Lesion pet = lesion("PCT", 0);
        Path otherPatient = layout.maskFile(pet.image(), pet.categoryId());
        rewriteMask(otherPatient, Tag.PatientID, "D9999");
        DemoDataset.Lesion ct2 = demo.lesions().stream().filter(l -> l.image().modality().equals("CCT")
                && !l.image().seriesKey().equals(ct.image().seriesKey())).findFirst().orElseThrow();
        Path otherStudy = layout.maskFile(ct2.image(), ct2.categoryId());
        rewriteMask(otherStudy, Tag.StudyInstanceUID, "2.25.1234567890");
        // 5. a slice lost from a CT series of 5 (with its JSON and masks): a gap of two spacings
        String lost = ct2.image().seq().equals("3") ? "2" : "3"; // not the slice of the other-study mask
        ImageKey middle = new ImageKey("CCT", ct2.image().caseClass(), ct2.image().patientId(), ct2.image().series(), lost);
        Files.delete(layout.dicomFile(middle));
        Files.deleteIfExists(layout.jsonFile(middle));
        for (int c = 1; c <= 9; c++) {
            Files.deleteIfExists(layout.maskFile(middle, c));
        }
        ImageKey after = new ImageKey("CCT", middle.caseClass(), middle.patientId(), middle.series(), String.valueOf(Integer.parseInt(lost) + 1));
        // 6. a temporary file of a killed convert (process id 4194304 is above Linux's pid_max, never running)
        Path leftover = layout.jsonFile(ct2.image()).resolveSibling("." + layout.jsonFile(ct2.image()).getFileName() + ".4194304.k2x9a.tmp");
        Files.writeString(leftover, "{\"info\": ");
        // 7. a mask of another size
        DemoDataset.Lesion xr2 = lesion("XRY", 1);
        Path wrongSize = layout.maskFile(xr2.image(), xr2.categoryId());
        DicomDataset small = DicomReader.create().withStopBeforePixelData(true).read(layout.dicomFile(xr2.image())).dataset()
                .toBuilder().putLongs(Tag.Rows, VR.US, 64).putLongs(Tag.Columns, VR.US, 64).build();
        BinaryMaskDicom.write(wrongSize, small, new byte[64 * 64], 64, 64, "2.25.77", 901);

        Map<String, String> before = Runs.hashes(dir);
        List<String> found = faultFindings();
        assertThat(Runs.hashes(dir)).as("validate modifies nothing").isEqualTo(before);
        assertThat(found).contains(
                "ERROR image.pixel-data-truncated " + rel(truncated),
                "ERROR image.pixel-data-truncated " + rel(huge),
                "ERROR mask.wrong-patient " + rel(otherPatient),
                "ERROR mask.wrong-study " + rel(otherStudy),
                "ERROR cct.slice-gap " + rel(layout.dicomFile(after)),
                "WARNING layout.leftover-temporary-file " + rel(leftover),
                "ERROR mask.size-mismatch " + rel(wrongSize));
        assertThat(found).hasSize(7);

        // the next convert removes the temporary file its killed predecessor left, and converts the rest
        Runs.Converted again = Runs.convert(layout, false, new HashMap<>());
        assertThat(leftover).doesNotExist();
        assertThat(again.findings()).extracting(Finding::code).contains("mask.wrong-patient", "mask.wrong-study", "mask.size-mismatch");
        assertThat(again.findings()).filteredOn(f -> f.severity() == Severity.ERROR)
                .extracting(f -> Path.of(f.location().file()).getFileName().toString())
                .containsOnly(otherPatient.getFileName().toString(), otherStudy.getFileName().toString(),
                        wrongSize.getFileName().toString());
    }

    @Test
    void aMaskPointingAtAnotherImageIsAnError() throws Exception {
        DemoDataset.Lesion ct = lesion("CCT", 0);
        Path mask = layout.maskFile(ct.image(), ct.categoryId());
        MaskImage read = BinaryMaskDicom.read(mask);
        DicomDataset source = DicomReader.create().withStopBeforePixelData(true).read(layout.dicomFile(ct.image())).dataset()
                .toBuilder().putString(Tag.SOPInstanceUID, VR.UI, "2.25.99").build();
        BinaryMaskDicom.write(mask, source, read.foreground(), read.columns(), read.rows(), "2.25.5", 901);
        assertThat(faultFindings()).containsExactly("ERROR mask.wrong-image " + rel(mask));
    }

    private String rel(Path p) {
        return layout.root().relativize(p).toString();
    }

    /** Rewrites the value length of the top-level Pixel Data element (Explicit VR Little Endian, OW/OB: 12-byte header). */
    private static void setPixelDataLength(Path file, long length) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long offset = DicomReader.create().withStopBeforePixelData(true).read(file).pixelDataExtent().orElseThrow().elementOffset();
        int at = (int) offset + 8;
        for (int i = 0; i < 4; i++) {
            bytes[at + i] = (byte) (length >>> (8 * i));
        }
        Files.write(file, bytes);
    }

    /** Writes the mask again with one identity attribute of its source changed, as a mask of another image would be. */
    private void rewriteMask(Path mask, int tag, String value) {
        MaskImage read = BinaryMaskDicom.read(mask);
        Path image = mask.getParent().resolveSibling(DatasetLayout.DICOM_FOLDER).resolve(DatasetLayout.parse(mask.getFileName().toString(), "dcm", true)
                .map(n -> n.prefix() + "_" + n.patientId() + "_" + n.series() + "_" + n.seq() + ".dcm").orElseThrow());
        DicomDataset source = DicomReader.create().withStopBeforePixelData(true).read(image).dataset().toBuilder()
                .putString(tag, tag == Tag.PatientID ? VR.LO : VR.UI, value).build();
        BinaryMaskDicom.write(mask, source, read.foreground(), read.columns(), read.rows(), "2.25.5", 901);
    }
}
