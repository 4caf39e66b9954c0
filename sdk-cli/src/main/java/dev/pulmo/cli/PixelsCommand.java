package dev.pulmo.cli;

import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.pixel.NumpyArrays;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.PixelDescription;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulmo pixels}: the stored values of DICOM frames as NumPy .npy files. */
@Command(name = "pixels",
        header = "Write the stored pixel values of DICOM files as NumPy .npy arrays.",
        description = {"Decodes every frame (or the one of --frame) of FILE and writes it as a NumPy .npy file (format"
                + " 1.0) of shape (frames, rows, columns), or (frames, rows, columns, samples) for colour. The dtype"
                + " follows Bits Allocated and Pixel Representation (uint8/int8, uint16/int16, uint32/int32; 1-bit"
                + " data as uint8 0/1); values are the stored values sign-extended from Bits Stored: no rescale, no"
                + " window, no palette. YBR colour (JPEG's YCbCr) is converted to RGB as libjpeg does; JPEG 2000"
                + " colour transforms are inverted by the decoder.",
                "With one FILE, --out is the .npy file (or a folder to write <name>.npy in). With several, --out is a"
                + " folder: each FILE gives <its name without .dcm>.npy there, in one run; a file that cannot be read"
                + " is reported and the others are still written. Files are written atomically.",
                "Warnings (a JPEG stream whose own process contradicts the transfer syntax) go to stderr."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every file was written", "1:a file could not be decoded (message on stderr)",
                "2:usage or I/O failure (a missing input, an output that cannot be written)"})
final class PixelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "DICOM files.")
    List<Path> files;

    @Mixin
    OutOption outOption = OutOption.of("OUT", "The .npy file (one FILE) or the folder to write into.").required();

    @Option(names = "--frame", paramLabel = "N",
            description = "Only frame N, counted from 0 as in pydicom's pixel_array (default: every frame).")
    Integer frame;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (frame != null && frame < 0) {
            err.println("pulmo pixels: --frame " + frame + ": frames are counted from 0");
            return ExitCodes.USAGE_OR_IO;
        }
        // with several FILEs, --out names a folder; with one, the .npy file or a folder to write it in
        Path out = files.size() > 1 ? outOption.folder() : outOption.path();
        boolean intoFolder = files.size() > 1 || Files.isDirectory(out);
        int exit = ExitCodes.OK;
        Map<Path, Path> written = new HashMap<>();
        for (Path file : files) {
            Path target;
            if (intoFolder) {
                String name = outputName(file);
                if (name == null) {
                    err.println("pulmo pixels: " + file + ": no output name can be made from this file name");
                    exit = Math.max(exit, ExitCodes.USAGE_OR_IO);
                    continue;
                }
                target = out.resolve(name);
                Path earlier = written.putIfAbsent(target.toAbsolutePath().normalize(), file);
                if (earlier != null) {
                    err.println("pulmo pixels: " + file + ": " + target + " is already written for " + earlier
                            + " in this run; not overwritten");
                    exit = Math.max(exit, ExitCodes.USAGE_OR_IO);
                    continue;
                }
            } else {
                target = out;
            }
            exit = Math.max(exit, writeOne(file, target, stdout, err));
        }
        stdout.flush();
        err.flush();
        return exit;
    }

    private int writeOne(Path file, Path target, PrintWriter stdout, PrintWriter err) {
        if (!Files.isRegularFile(file)) {
            err.println("pulmo pixels: " + file + ": no such file");
            return ExitCodes.USAGE_OR_IO;
        }
        try {
            PixelData pixels = PixelData.from(DicomReader.create().read(file));
            PixelDescription d = pixels.description();
            int first = frame == null ? 0 : frame;
            int count = frame == null ? pixels.frameCount() : 1;
            if (first >= pixels.frameCount()) {
                err.println("pulmo pixels: " + file + ": --frame " + first + " but the file has " + pixels.frameCount()
                        + " frame(s), 0 to " + (pixels.frameCount() - 1));
                return ExitCodes.FINDINGS;
            }
            pixels.warnings().forEach(w -> err.println("pulmo pixels: warning: " + file + ": " + w));
            AtomicFiles.write(target, o -> NumpyArrays.write(pixels, first, count, o));
            stdout.println(target + ": " + NumpyArrays.dtype(d) + " " + LongStream.of(NumpyArrays.shape(d, count))
                    .mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")")) + " from " + file);
            return ExitCodes.OK;
        } catch (DicomException e) {
            err.println("pulmo pixels: " + e.getMessage());
            return ExitCodes.FINDINGS;
        } catch (UncheckedIOException e) {
            err.println("pulmo pixels: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
    }

    /**
     * The file's own name (never a folder of it), without {@code .dcm}, plus {@code .npy}; null when nothing usable is
     * left. So a name made from data cannot leave the output folder.
     */
    static String outputName(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return null;
        }
        String stem = name.toString();
        if (stem.toLowerCase(Locale.ROOT).endsWith(".dcm")) {
            stem = stem.substring(0, stem.length() - 4);
        }
        if (stem.isEmpty() || stem.equals(".") || stem.equals("..") || stem.contains("/") || stem.contains("\\")) {
            return null;
        }
        return stem + ".npy";
    }
}
