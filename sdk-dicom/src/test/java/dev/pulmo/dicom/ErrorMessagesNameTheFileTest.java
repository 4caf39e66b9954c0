package dev.pulmo.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error of reading a DICOM file by path names the file by its absolute path, exactly once, whatever path the
 * caller gave (relative, with {@code ..}); {@link DicomException#withoutSource()} drops it for reports that locate the
 * finding at the file already.
 */
class ErrorMessagesNameTheFileTest {

    private static int occurrences(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void readErrorsNameTheAbsolutePathOnce(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.dcm"), "this is not DICOM at all, but long enough to have a preamble? "
                .repeat(4));
        Path truncated = dir.resolve("truncated.dcm");
        // a preamble, DICM, and the first element's header (0002,0000) UL length 4 without its value
        byte[] header = new byte[140];
        header[128] = 'D';
        header[129] = 'I';
        header[130] = 'C';
        header[131] = 'M';
        header[132] = 2;
        header[136] = 'U';
        header[137] = 'L';
        header[138] = 4;
        Files.write(truncated, header);
        Path folder = Files.createDirectory(dir.resolve("folder.dcm"));
        Path missing = dir.resolve("missing.dcm");
        Path cwd = Path.of("").toAbsolutePath();
        for (Path file : new Path[] {garbage, truncated, folder, missing}) {
            // as the caller may give it: relative to the working folder, through a detour
            Path given = cwd.relativize(file.getParent()).resolve("..").resolve(file.getParent().getFileName()).resolve(file.getFileName());
            DicomException e = catchThrowableOfType(() -> DicomReader.create().read(given), DicomException.class);
            assertThat(e).as(file.toString()).isNotNull();
            String absolute = given.toAbsolutePath().normalize().toString();
            assertThat(e.getMessage()).as(file.toString()).startsWith(absolute);
            assertThat(occurrences(e.getMessage(), file.getFileName().toString())).as(e.getMessage()).isEqualTo(1);
            assertThat(e.source()).isEqualTo(absolute);
            assertThat(e.withoutSource()).doesNotContain(file.getFileName().toString()).isNotBlank();
            assertThat(e.getMessage()).isEqualTo(absolute + (e.withoutSource().startsWith("@") ? " " : ": ") + e.withoutSource());
        }
        assertThat(catchThrowableOfType(() -> DicomReader.create().read(garbage), DicomException.class).getMessage())
                .contains("not a DICOM file");
    }
}
