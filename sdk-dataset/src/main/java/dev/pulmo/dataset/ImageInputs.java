package dev.pulmo.dataset;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.FileErrors;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.PixelDataExtent;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the per-image pipeline ({@link ImagePipeline}) knows of one image, each file read once: the image's
 * DICOM header (up to its pixel data, which is measured, not read), its binary masks (size, foreground, and the
 * image, study and patient they name), and its guideline JSON (its bytes, validated and bound from the same bytes by
 * the pipeline). Which files exist is kept by name, so that the pipeline can tell a missing file from an unreadable
 * one; names are strings, not paths, and appear in findings as given.
 *
 * <p>What could not be read is a finding of {@link #readFindings()}: {@code image.unreadable},
 * {@code mask.unreadable}, {@code json.unreadable}. Immutable.
 */
public final class ImageInputs {

    /** The files an {@link ImageInputs} reads: a command reads only what it needs. */
    public enum Part { HEADER, MASKS, JSON }

    /** Every part. */
    public static final Set<Part> ALL = Collections.unmodifiableSet(EnumSet.allOf(Part.class));

    /** An image's header, read without its pixel data, and how much pixel data the file holds. */
    public record Header(DicomDataset dataset, Optional<PixelDataExtent> pixelData) {
        public Header {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(pixelData, "pixelData");
        }
    }

    private final ImageKey key;
    private final String imageFile;
    private final String jsonFile;
    private final SortedMap<Integer, String> maskFiles;
    private final Header header;
    private final SortedMap<Integer, MaskImage> masks;
    private final byte[] json;
    private final List<Finding> readFindings;
    /** The check of the JSON by the pipeline that made it, kept for the next consumer of these inputs. */
    private ImagePipeline checkedBy;
    private ImagePipeline.JsonChecked jsonChecked;
    /** The usable masks for a header, kept for the next consumer of these inputs. */
    private DicomDataset usableFor;
    private ImagePipeline.Masks usableMasks;

    private ImageInputs(ImageKey key, String imageFile, String jsonFile, SortedMap<Integer, String> maskFiles,
                        Header header, SortedMap<Integer, MaskImage> masks, byte[] json, List<Finding> readFindings) {
        this.key = Objects.requireNonNull(key, "key");
        this.imageFile = imageFile;
        this.jsonFile = jsonFile;
        this.maskFiles = Collections.unmodifiableSortedMap(new TreeMap<>(maskFiles));
        this.header = header;
        this.masks = Collections.unmodifiableSortedMap(new TreeMap<>(masks));
        this.json = json;
        this.readFindings = List.copyOf(readFindings);
    }

    /**
     * Reads the {@code parts} of one image of a tree, each file once through {@code reader}.
     *
     * @param files the image's files as the scanner found them
     */
    public static ImageInputs read(ImageFiles files, Set<Part> parts, TreeReader reader) {
        List<Finding> findings = new ArrayList<>();
        Header header = null;
        if (parts.contains(Part.HEADER) && files.dicom() != null) {
            try {
                DicomFile f = reader.readDicomHeader(files.dicom());
                header = new Header(f.dataset(), f.pixelDataExtent());
            } catch (DicomException e) {
                findings.add(Finding.error(ImagePipeline.IMAGE_UNREADABLE, Location.ofFile(files.dicom().toString()), e.withoutSource()));
            }
        }
        SortedMap<Integer, MaskImage> masks = new TreeMap<>();
        if (parts.contains(Part.MASKS)) {
            for (Map.Entry<Integer, Path> m : files.masks().entrySet()) {
                readMask(m.getValue(), reader, findings).ifPresent(mask -> masks.put(m.getKey(), mask));
            }
        }
        byte[] json = null;
        if (parts.contains(Part.JSON) && files.json() != null) {
            try {
                json = reader.readAllBytes(files.json());
            } catch (IOException e) {
                findings.add(Finding.error(ImagePipeline.JSON_UNREADABLE, Location.ofFile(files.json().toString()),
                        "cannot read the file: " + FileErrors.reason(e)));
            }
        }
        SortedMap<Integer, String> maskFiles = new TreeMap<>();
        files.masks().forEach((category, path) -> maskFiles.put(category, path.toString()));
        return new ImageInputs(files.key(), files.dicom() == null ? null : files.dicom().toString(),
                files.json() == null ? null : files.json().toString(), maskFiles, header, masks, json, findings);
    }

    /**
     * An image's inputs from bytes already read, e.g. by a distributed engine from its own file system.
     *
     * @param imageFile  the image's name, or null when the image is absent
     * @param imageBytes the image file, or at least all of it before its pixel data (null when absent)
     * @param maskBytes  category id → (name, bytes) of each mask file; the bytes are taken over, not copied
     * @param jsonFile   the JSON's name, or null when absent
     * @param jsonBytes  the JSON file's bytes (null when absent or not needed)
     */
    public static ImageInputs fromBytes(ImageKey key, String imageFile, byte[] imageBytes,
                                        SortedMap<Integer, Map.Entry<String, byte[]>> maskBytes, String jsonFile, byte[] jsonBytes) {
        List<Finding> findings = new ArrayList<>();
        Header header = null;
        if (imageFile != null && imageBytes != null) {
            try {
                DicomFile f = DicomReader.create().withStopBeforePixelData(true).readOwned(imageBytes, imageFile);
                header = new Header(f.dataset(), f.pixelDataExtent());
            } catch (DicomException e) {
                findings.add(Finding.error(ImagePipeline.IMAGE_UNREADABLE, Location.ofFile(imageFile), e.withoutSource()));
            }
        }
        SortedMap<Integer, MaskImage> masks = new TreeMap<>();
        SortedMap<Integer, String> maskFiles = new TreeMap<>();
        for (Map.Entry<Integer, Map.Entry<String, byte[]>> m : maskBytes.entrySet()) {
            String name = m.getValue().getKey();
            maskFiles.put(m.getKey(), name);
            decodeMask(m.getValue().getValue(), name, name, findings).ifPresent(mask -> masks.put(m.getKey(), mask));
        }
        return new ImageInputs(key, imageFile, jsonFile, maskFiles, header, masks, jsonBytes, findings);
    }

    /**
     * One binary DICOM mask (SPEC.md §4) read and decoded through {@code reader} as {@link #read} reads each mask of an
     * image (the reader's regular-file and size checks); when it cannot be read or is not a mask, empty and a finding
     * {@value ImagePipeline#MASK_UNREADABLE} at the file. The reading of a mask for commands that take mask files one
     * by one ({@code mask2poly}).
     */
    public static Optional<MaskImage> readMask(Path file, TreeReader reader, List<Finding> findings) {
        try {
            return Optional.of(reader.readMask(file));
        } catch (IOException e) {
            findings.add(Finding.error(ImagePipeline.MASK_UNREADABLE, Location.ofFile(file.toString()), "cannot read the file: " + FileErrors.reason(e)));
        } catch (DicomException e) {
            // the finding's location has the path; the message does not name the file again
            findings.add(Finding.error(ImagePipeline.MASK_UNREADABLE, Location.ofFile(file.toString()), e.withoutSource()));
        }
        return Optional.empty();
    }

    /**
     * The bytes of one mask file, read once through {@code reader} (the reader's regular-file and size checks); when it
     * cannot be read, empty and a finding {@value ImagePipeline#MASK_UNREADABLE} naming the file, as {@link #readMask}
     * says it. With {@link #decodeMask}, for a command that must see the bytes first ({@code mask2poly} takes PNG too).
     */
    public static Optional<byte[]> readMaskBytes(Path file, TreeReader reader, List<Finding> findings) {
        try {
            return Optional.of(reader.readAllBytes(file));
        } catch (IOException e) {
            findings.add(Finding.error(ImagePipeline.MASK_UNREADABLE, Location.ofFile(file.toString()), "cannot read the file: " + FileErrors.reason(e)));
            return Optional.empty();
        }
    }

    /**
     * A binary DICOM mask (SPEC.md §4) decoded from its file's bytes as {@link #readMask} decodes it; when it is not
     * one, empty and a finding {@value ImagePipeline#MASK_UNREADABLE} naming the file.
     */
    public static Optional<MaskImage> decodeMask(byte[] bytes, Path file, List<Finding> findings) {
        // the finding's location has the path; the reader's message names the file, as for images
        return decodeMask(bytes, file.toString(), file.getFileName().toString(), findings);
    }

    private static Optional<MaskImage> decodeMask(byte[] bytes, String location, String name, List<Finding> findings) {
        try {
            return Optional.of(BinaryMaskDicom.read(bytes, name));
        } catch (DicomException e) {
            findings.add(Finding.error(ImagePipeline.MASK_UNREADABLE, Location.ofFile(location), e.withoutSource()));
            return Optional.empty();
        }
    }

    /**
     * The check of this image's JSON by {@code pipeline}: made once by {@code check} and kept, so that the consumers of
     * one image's inputs (validate's check and its nodule grouping) parse the JSON once. Not thread-safe, as the
     * inputs of one image are used by one thread.
     */
    ImagePipeline.JsonChecked jsonChecked(ImagePipeline pipeline, java.util.function.Supplier<ImagePipeline.JsonChecked> check) {
        if (checkedBy != pipeline) {
            jsonChecked = check.get();
            checkedBy = pipeline;
        }
        return jsonChecked;
    }

    /** The masks usable with {@code header}, worked out once by {@code find} and kept (see {@link #jsonChecked}). */
    ImagePipeline.Masks usableMasks(DicomDataset header, java.util.function.Supplier<ImagePipeline.Masks> find) {
        if (usableFor != header) {
            usableMasks = find.get();
            usableFor = header;
        }
        return usableMasks;
    }

    /** The image's place in the tree. */
    public ImageKey key() {
        return key;
    }

    /** The image file's name; empty when the tree has masks or a JSON of this image but not the image. */
    public Optional<String> imageFile() {
        return Optional.ofNullable(imageFile);
    }

    /** The JSON file's name; empty when the image has no JSON. */
    public Optional<String> jsonFile() {
        return Optional.ofNullable(jsonFile);
    }

    /** Category id → mask file name, for every mask the tree has of this image (readable or not). */
    public SortedMap<Integer, String> maskFiles() {
        return maskFiles;
    }

    /** The image's header; empty when it was not read, is absent or could not be read. */
    public Optional<Header> header() {
        return Optional.ofNullable(header);
    }

    /** Category id → mask, for every mask that was read. */
    public SortedMap<Integer, MaskImage> masks() {
        return masks;
    }

    /** Whether the JSON's bytes were read. */
    public boolean hasJsonBytes() {
        return json != null;
    }

    /** The JSON's bytes (shared: not to be modified); null when not read. */
    byte[] jsonBytes() {
        return json;
    }

    /** What could not be read, one finding per file. */
    public List<Finding> readFindings() {
        return readFindings;
    }
}
