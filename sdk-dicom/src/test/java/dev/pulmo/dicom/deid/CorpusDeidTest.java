package dev.pulmo.dicom.deid;

import dev.pulmo.testing.SharedData;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every readable file of the shared real-world corpus (private blocks, UN-encoded sequences, character sets,
 * big endian, deflated, encapsulated pixels) is de-identified: the output reads back, the residue scanner finds
 * nothing, and the original patient name and id bytes are gone.
 */
class CorpusDeidTest {

    @Test
    void everyCorpusInstanceComesOutClean() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SharedData.dir().resolve("testdata/dicom"))) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        DeidKey key = DeidKey.fromBase64("q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=");
        Deidentifier deid = new Deidentifier(DeidOptions.DATASET_DEFAULTS, key.uidNamespace());
        ResidueScanner scanner = new ResidueScanner(DeidOptions.DATASET_DEFAULTS);
        List<String> problems = new ArrayList<>();
        int done = 0;
        for (Path file : files) {
            DicomFile in;
            try {
                in = DicomReader.create().read(file);
            } catch (DicomException e) {
                continue; // the corpus's deliberately broken files
            }
            DicomDataset ds = in.dataset();
            if (!ds.contains(Tag.SOPClassUID) || !ds.contains(Tag.SOPInstanceUID)) {
                continue;
            }
            byte[] out = deid.deidentify(in, new PatientPseudonym("PTEST01", -100)).toBytes();
            DicomDataset back = DicomReader.create().read(out, file.getFileName() + " (de-identified)").dataset();
            scanner.scan(back).forEach(r -> problems.add(file.getFileName() + " " + r));
            String text = new String(out, StandardCharsets.ISO_8859_1);
            // kept device values may contain the same word (MR_small: institution TOSHIBA, manufacturer TOSHIBA_MEC)
            String keptDevice = ds.getString(Tag.Manufacturer).orElse("") + "|" + ds.getString(Tag.ManufacturerModelName).orElse("");
            for (int tag : new int[] {Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.InstitutionName}) {
                String original = ds.getString(tag).orElse("").strip();
                if (original.length() >= 4 && text.contains(original) && !keptDevice.contains(original)) {
                    problems.add(file.getFileName() + " still holds " + Tag.toString(tag));
                }
            }
            assertThat(back.getString(Tag.PatientID)).contains("PTEST01");
            done++;
        }
        assertThat(problems).isEmpty();
        assertThat(done).isGreaterThanOrEqualTo(30);
    }
}
