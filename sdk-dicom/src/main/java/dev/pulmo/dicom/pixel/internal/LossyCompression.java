package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.BulkData;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.EncapsulatedPixelData;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.pixel.internal.j2k.J2kDecoder;
import dev.pulmo.dicom.pixel.internal.j2k.J2kException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The lossy compression in an image's history (PS3.3 C.7.6.1.1.5): whether its pixels were ever lossy compressed,
 * and the Lossy Image Compression Ratio (0028,2112) and Method (0028,2114) of each step. "Once lossy, always lossy":
 * every writer of pixel data derived from an image (de-identification writing decoded pixels, a Segmentation drawn on
 * it) carries this over, so that the output stays truthful.
 *
 * <p>What makes an image lossy here: its own Lossy Image Compression {@code 01}; a DCT JPEG stream (processes 1, 2,
 * 4, 10, 12: lossy by construction, whatever the transfer syntax says); a JPEG 2000 or HTJ2K codestream whose main
 * header codes a component with the irreversible 9/7 wavelet; a JPEG-LS scan with NEAR above 0; or, when the pixel
 * data is not at hand, a transfer syntax that is lossy by definition (DCT JPEG, MPEG-2, H.264, HEVC). A step seen in
 * the stream that the attributes do not record yet is added with its PS3.3 defined term (ISO_10918_1, ISO_15444_1,
 * ISO_15444_15, ISO_14495_1) and, when the whole encapsulated data is at hand, its ratio (Rows × Columns × Samples
 * per Pixel × Bits Stored / 8 × frames over the encoded bytes, as dcmtk computes it). Not told apart: a reversible (5/3) JPEG 2000
 * stream truncated to fewer layers or bit-planes, which is lossy without saying so in its headers.
 *
 * @param lossy   whether the pixels were ever lossy compressed
 * @param ratios  Lossy Image Compression Ratio values, one per step, oldest first (may be fewer than the methods
 *                when a source recorded none)
 * @param methods Lossy Image Compression Method values, oldest first
 */
public record LossyCompression(boolean lossy, List<String> ratios, List<String> methods) {
    /** Nothing lossy known. */
    public static final LossyCompression NONE = new LossyCompression(false, List.of(), List.of());

    static final String DCT_JPEG = "ISO_10918_1";
    static final String JPEG_LS = "ISO_14495_1";
    static final String JPEG_2000 = "ISO_15444_1";
    static final String HTJ2K = "ISO_15444_15";
    private static final String DCT_SYNTAX_PREFIX = "1.2.840.10008.1.2.4.5";

    /** Transfer syntaxes whose pixel data is lossy whatever the stream: DCT JPEG, MPEG-2, MPEG-4 AVC, HEVC. */
    private static final Set<String> LOSSY_SYNTAXES = Set.of("1.2.840.10008.1.2.4.50",
            "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.53", "1.2.840.10008.1.2.4.55",
            "1.2.840.10008.1.2.4.100", "1.2.840.10008.1.2.4.101", "1.2.840.10008.1.2.4.102",
            "1.2.840.10008.1.2.4.103", "1.2.840.10008.1.2.4.104", "1.2.840.10008.1.2.4.105",
            "1.2.840.10008.1.2.4.106", "1.2.840.10008.1.2.4.107", "1.2.840.10008.1.2.4.108");

    public LossyCompression {
        ratios = List.copyOf(ratios);
        methods = List.copyOf(methods);
    }

    /**
     * @param dataset an image's dataset (a header is enough)
     * @return what its own Lossy Image Compression attributes say
     */
    public static LossyCompression declaredBy(DicomDataset dataset) {
        boolean lossy = "01".equals(dataset.getString(Tag.LossyImageCompression).orElse("").trim());
        return lossy ? new LossyCompression(true, dataset.getStrings(Tag.LossyImageCompressionRatio),
                dataset.getStrings(Tag.LossyImageCompressionMethod)) : NONE;
    }

    /**
     * @param file an image, with its encapsulated Pixel Data when there is any (a header read that stopped before
     *             the pixel data is judged by its attributes and transfer syntax)
     * @return its attributes' history, with the lossy step its own pixel data shows added when they lack it
     */
    public static LossyCompression of(DicomFile file) {
        LossyCompression declared = declaredBy(file.dataset());
        String syntax = file.transferSyntax().uid();
        Optional<EncapsulatedPixelData> encapsulated = file.dataset().get(Tag.PixelData)
                .flatMap(e -> e.encapsulated()).filter(p -> !p.fragments().isEmpty());
        String method = encapsulated.map(p -> lossyMethodOfStream(syntax, p.fragments().get(0).bytes()))
                .orElse(null);
        if (method == null && LOSSY_SYNTAXES.contains(syntax)) {
            // no stream at hand (a header read), or one not recognised: the syntax is lossy by definition
            method = syntax.startsWith(DCT_SYNTAX_PREFIX) ? DCT_JPEG : "";
        }
        if (method == null) {
            return declared;
        }
        List<String> ratios = new ArrayList<>(declared.ratios());
        List<String> methods = new ArrayList<>(declared.methods());
        if (!method.isEmpty() && !methods.contains(method)) {
            if (ratios.size() == methods.size()) {
                encapsulated.flatMap(p -> ratio(file.dataset(), p)).ifPresent(ratios::add);
            }
            methods.add(method);
        }
        return new LossyCompression(true, ratios, methods);
    }

    /** @return lossy if any is, with the ratios and methods of all, each once, in order of first appearance */
    public static LossyCompression ofAll(Collection<LossyCompression> histories) {
        List<String> ratios = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        boolean lossy = false;
        for (LossyCompression h : histories) {
            lossy |= h.lossy();
            h.ratios().stream().filter(r -> !ratios.contains(r)).forEach(ratios::add);
            h.methods().stream().filter(m -> !methods.contains(m)).forEach(methods::add);
        }
        return lossy ? new LossyCompression(true, ratios, methods) : NONE;
    }

    /**
     * Puts Lossy Image Compression {@code 01} with the ratios and methods into {@code b} when lossy; when not, puts
     * {@code 00} if {@code claimLossless}, else nothing (the source's own attributes stand).
     */
    public void putInto(DicomDataset.Builder b, boolean claimLossless) {
        if (lossy) {
            b.putString(Tag.LossyImageCompression, VR.CS, "01");
            if (!ratios.isEmpty()) {
                b.putString(Tag.LossyImageCompressionRatio, VR.DS, ratios.toArray(String[]::new));
            }
            if (!methods.isEmpty()) {
                b.putString(Tag.LossyImageCompressionMethod, VR.CS, methods.toArray(String[]::new));
            }
        } else if (claimLossless) {
            b.putString(Tag.LossyImageCompression, VR.CS, "00");
        }
    }

    /** @return the defined term of the lossy method the stream shows, or null when it shows none */
    static String lossyMethodOfStream(String transferSyntaxUid, byte[] firstFragment) {
        PixelEncoding encoding = PixelEncoding.of(transferSyntaxUid);
        if (encoding == PixelEncoding.JPEG_2000) {
            try {
                J2kDecoder.MainHeaderCoding coding = J2kDecoder.mainHeaderCoding(firstFragment);
                return !coding.irreversible() ? null : coding.highThroughput() ? HTJ2K : JPEG_2000;
            } catch (J2kException e) {
                return null; // not a readable main header: the decoder will say so when the pixels are read
            }
        }
        if (encoding != PixelEncoding.JPEG && encoding != PixelEncoding.JPEG_LOSSLESS
                && encoding != PixelEncoding.JPEG_LS) {
            return null;
        }
        return switch (JpegProcess.of(firstFragment)) {
            case BASELINE, EXTENDED_8BIT, EXTENDED_12BIT, PROGRESSIVE -> DCT_JPEG;
            case JPEG_LS -> jpegLsNear(firstFragment) > 0 ? JPEG_LS : null;
            default -> null;
        };
    }

    /** @return NEAR of the first JPEG-LS scan (T.87 C.2.3), 0 when there is none */
    private static int jpegLsNear(byte[] stream) {
        int at = 2;
        while (at + 4 <= stream.length) {
            if ((stream[at] & 0xFF) != 0xFF) {
                return 0;
            }
            int marker = stream[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == 0xDA) {
                int components = at + 4 < stream.length ? stream[at + 4] & 0xFF : 0;
                int nearAt = at + 5 + 2 * components;
                return nearAt < stream.length ? stream[nearAt] & 0xFF : 0;
            }
            at += 2 + ((stream[at + 2] & 0xFF) << 8 | (stream[at + 3] & 0xFF));
        }
        return 0;
    }

    private static Optional<String> ratio(DicomDataset dataset, EncapsulatedPixelData pixels) {
        long encoded = pixels.fragments().stream().mapToLong(BulkData::length).sum();
        long rows = dataset.getInt(Tag.Rows).orElse(0);
        long columns = dataset.getInt(Tag.Columns).orElse(0);
        long samples = dataset.getInt(Tag.SamplesPerPixel).orElse(1);
        long bitsPerSample = dataset.getInt(Tag.BitsStored).orElse(dataset.getInt(Tag.BitsAllocated).orElse(8));
        long frames = Math.max(1, dataset.getString(Tag.NumberOfFrames).map(String::trim).filter(s -> s.matches("\\d+"))
                .map(Long::parseLong).orElse(1L));
        double decodedBytes = rows * columns * samples * bitsPerSample * frames / 8.0;
        if (encoded <= 0 || decodedBytes <= 0) {
            return Optional.empty();
        }
        // the samples' Bits Stored over the encoded bytes, as dcmtk computes it; DS, two decimals
        return Optional.of(String.format(Locale.ROOT, "%.2f", decodedBytes / encoded));
    }
}
