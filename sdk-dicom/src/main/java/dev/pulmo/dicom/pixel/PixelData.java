package dev.pulmo.dicom.pixel;

import dev.pulmo.dicom.BulkData;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.EncapsulatedPixelData;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.pixel.internal.DeflatedFrameDecoder;
import dev.pulmo.dicom.pixel.internal.FrameRef;
import dev.pulmo.dicom.pixel.internal.Jpeg2000FrameDecoder;
import dev.pulmo.dicom.pixel.internal.JpegProcess;
import dev.pulmo.dicom.pixel.internal.NativeFrameDecoder;
import dev.pulmo.dicom.pixel.internal.NativeLayout;
import dev.pulmo.dicom.pixel.internal.PixelEncoding;
import dev.pulmo.dicom.pixel.internal.RleFrameDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The frames of one dataset's (7FE0,0010) Pixel Data, decoded on demand, one at a time.
 *
 * <p>Decoded: native data (Implicit/Explicit VR Little Endian, Deflated Explicit VR Little Endian,
 * Explicit VR Big Endian) with 1, 8, 16 or 32 bits allocated; RLE Lossless; DCT JPEG (Baseline, Extended
 * 8- and 12-bit, progressive; 8-bit through the JDK's ImageIO); JPEG Lossless (Process 14, any predictor) and
 * JPEG-LS (lossless and near-lossless), JPEG 2000 and HTJ2K (YBR_RCT/YBR_ICT frames come out as RGB), with
 * decoders of this package; Deflated Image Frame Compression; Encapsulated Uncompressed. JPEG-family frames are
 * decoded by the process their own start-of-frame marker names ({@link #warnings()} reports a contradiction with
 * the transfer syntax). Encapsulated data in any other syntax (MPEG, H.264, JPEG XL, …) is split into frames
 * ({@link #encodedFrame}) but {@link #frame} throws "pixel decoding of &lt;name&gt; is not supported".
 *
 * <p>Immutable and safe to share between threads; each call of {@link #frame} decodes afresh, so
 * callers that revisit a frame keep the {@link Frame} themselves.
 */
public final class PixelData {
    private final String source;
    private final PixelDescription description;
    private final PixelEncoding encoding;
    private final byte[] nativeValue;
    private final List<byte[]> encodedFrames;

    private PixelData(String source, PixelDescription description, PixelEncoding encoding, byte[] nativeValue,
            List<byte[]> encodedFrames) {
        this.source = source;
        this.description = description;
        this.encoding = encoding;
        this.nativeValue = nativeValue;
        this.encodedFrames = encodedFrames;
    }

    /**
     * The Pixel Data of a file read by {@code DicomReader} (with its pixel data, i.e. not stopped
     * before it). Encapsulated frames are delimited by the Extended Offset Table when the dataset has
     * one, otherwise as {@link EncapsulatedPixelData#frames(int)} does (Basic Offset Table, then
     * pydicom's rules).
     *
     * @param file the file
     * @return its pixel data; nothing is decoded yet
     * @throws PixelDataException when the dataset has no (7FE0,0010) Pixel Data (e.g. only Float Pixel
     *                            Data, which is not supported), its Image Pixel attributes are missing or
     *                            contradictory, or native data is shorter than Number of Frames needs
     */
    public static PixelData from(DicomFile file) {
        PixelDescription description = PixelDescription.from(file);
        String source = file.source();
        DicomDataset dataset = file.dataset();
        DicomElement element = dataset.get(Tag.PixelData).orElseThrow(() -> new PixelDataException(source,
                dataset.contains(Tag.FloatPixelData) || dataset.contains(Tag.DoubleFloatPixelData)
                        ? "the dataset has Float or Double Float Pixel Data, which is not supported, and no Pixel Data"
                        : "the dataset has no Pixel Data (was it read with withStopBeforePixelData?)"));
        Optional<EncapsulatedPixelData> encapsulated = element.encapsulated();
        if (encapsulated.isEmpty()) {
            return checkedNative(source, description, element.bytes());
        }
        PixelEncoding encoding = PixelEncoding.of(description.transferSyntaxUid());
        if (!encoding.isEncapsulated()) {
            throw new PixelDataException(source, "Pixel Data is encapsulated but the transfer syntax "
                    + PixelEncoding.describe(description.transferSyntaxUid()) + " is native");
        }
        List<List<BulkData>> fragmentsPerFrame;
        try {
            fragmentsPerFrame = dataset.contains(Tag.ExtendedOffsetTable)
                    ? encapsulated.get().frames(dataset.get(Tag.ExtendedOffsetTable).orElseThrow().longs(),
                            dataset.get(Tag.ExtendedOffsetTableLengths).map(DicomElement::longs).orElse(new long[0]))
                    : encapsulated.get().frames(description.numberOfFrames());
        } catch (DicomException e) {
            throw new PixelDataException(source, Tag.PixelData, e.detail(), e);
        }
        List<byte[]> frames = new ArrayList<>(fragmentsPerFrame.size());
        for (List<BulkData> fragments : fragmentsPerFrame) {
            frames.add(EncapsulatedPixelData.join(fragments));
        }
        return new PixelData(source, description, encoding, null, checkedFrames(source, description, frames));
    }

    /**
     * @param source      the file or other origin, used in messages
     * @param description the dataset's Image Pixel attributes and a native transfer syntax
     * @param value       the Pixel Data value as stored: in the transfer syntax's byte order, odd length
     *                    allowed
     * @return the pixel data; nothing is decoded yet
     * @throws PixelDataException when the transfer syntax is encapsulated or the value is shorter than
     *                            Number of Frames needs
     */
    public static PixelData ofNative(String source, PixelDescription description, byte[] value) {
        return checkedNative(source, description, value.clone());
    }

    private static PixelData checkedNative(String source, PixelDescription description, byte[] valueOwned) {
        PixelEncoding encoding = PixelEncoding.of(description.transferSyntaxUid());
        if (encoding == PixelEncoding.UNSUPPORTED) {
            throw new PixelDataException(source, "pixel decoding of "
                    + PixelEncoding.describe(description.transferSyntaxUid()) + " is not supported");
        }
        if (encoding.isEncapsulated()) {
            throw new PixelDataException(source, "Pixel Data is native but the transfer syntax "
                    + PixelEncoding.describe(description.transferSyntaxUid()) + " is encapsulated");
        }
        long needed = NativeFrameDecoder.bytesForFrames(description, nativeLayout(description, encoding),
                description.numberOfFrames());
        if (valueOwned.length < needed) {
            throw new PixelDataException(source, "native Pixel Data holds " + valueOwned.length + " bytes but "
                    + description.numberOfFrames() + " frame(s) of " + description.columns() + "x"
                    + description.rows() + " with " + description.samplesPerPixel() + " sample(s) of "
                    + description.bitsAllocated() + " bits need " + needed);
        }
        return new PixelData(source, description, encoding, valueOwned, List.of());
    }

    /**
     * @param source        the file or other origin, used in messages
     * @param description   the dataset's Image Pixel attributes and an encapsulated transfer syntax
     * @param encodedFrames one encoded frame per element (its fragments concatenated)
     * @return the pixel data
     * @throws PixelDataException when the transfer syntax is not encapsulated or the frame count differs
     *                            from Number of Frames
     */
    public static PixelData ofEncodedFrames(String source, PixelDescription description, List<byte[]> encodedFrames) {
        PixelEncoding encoding = PixelEncoding.of(description.transferSyntaxUid());
        if (!encoding.isEncapsulated()) {
            throw new PixelDataException(source, "transfer syntax "
                    + PixelEncoding.describe(description.transferSyntaxUid())
                    + " has native Pixel Data, not encoded frames");
        }
        List<byte[]> copies = new ArrayList<>(encodedFrames.size());
        for (byte[] frame : encodedFrames) {
            copies.add(frame.clone());
        }
        return new PixelData(source, description, encoding, null, checkedFrames(source, description, copies));
    }

    private static List<byte[]> checkedFrames(String source, PixelDescription description, List<byte[]> frames) {
        if (frames.size() != description.numberOfFrames()) {
            throw new PixelDataException(source, "encapsulated Pixel Data holds " + frames.size()
                    + " frame(s) but Number of Frames (0028,0008) is " + description.numberOfFrames());
        }
        return List.copyOf(frames);
    }

    /** @return the attributes the frames are decoded with */
    public PixelDescription description() {
        return description;
    }

    /** @return Number of Frames */
    public int frameCount() {
        return description.numberOfFrames();
    }

    /** @return true when the Pixel Data is encapsulated (compressed or otherwise itemised) */
    public boolean isEncapsulated() {
        return encoding.isEncapsulated();
    }

    /** @return true when {@link #frame} can decode this transfer syntax */
    public boolean isDecodable() {
        return encoding != PixelEncoding.UNSUPPORTED;
    }

    /**
     * What a user should know about the encoded data that does not stop decoding. Today: frames of a JPEG-family
     * transfer syntax whose stream declares another process in its own start-of-frame marker (e.g. a baseline
     * stream in a file labelled JPEG Lossless) and are therefore decoded as the stream says, as dcmtk, GDCM and
     * pydicom do. Reads the frames' marker segments on each call; decodes nothing.
     *
     * @return one message per contradiction, naming the transfer syntax, the frames and the process found; empty
     *         when there is nothing to report
     */
    public List<String> warnings() {
        return encoding.isEncapsulated()
                ? JpegProcess.warnings(encoding, description.transferSyntaxUid(), encodedFrames) : List.of();
    }

    /**
     * @param index 0-based frame index
     * @return a copy of the frame's encoded bytes (its fragments concatenated), as the codec reads them
     * @throws PixelDataException when the data is native or the index is out of range
     */
    public byte[] encodedFrame(int index) {
        checkIndex(index);
        if (!encoding.isEncapsulated()) {
            throw new PixelDataException(source, "Pixel Data is native; it has no encoded frames");
        }
        return encodedFrames.get(index).clone();
    }

    /**
     * Decodes one frame.
     *
     * @param index 0-based frame index
     * @return the frame's stored values; YBR stays YBR (see {@link Frame#toRgb()})
     * @throws PixelDataException when the index is out of range, the transfer syntax is not decodable
     *                            ("pixel decoding of &lt;name&gt; is not supported") or the data is corrupt
     */
    public Frame frame(int index) {
        checkIndex(index);
        checkFrameFitsHeap(index);
        FrameRef ref = new FrameRef(source, index);
        PhotometricInterpretation interpretation = description.photometricInterpretation();
        int[] samples;
        switch (encoding) {
            case NATIVE_LITTLE_ENDIAN:
            case NATIVE_BIG_ENDIAN:
                samples = NativeFrameDecoder.decode(description, nativeLayout(description, encoding), nativeValue,
                        index, ref);
                break;
            case ENCAPSULATED_UNCOMPRESSED:
                samples = NativeFrameDecoder.decode(description, nativeLayout(description, encoding),
                        encodedFrames.get(index), 0, ref);
                break;
            case DEFLATED_FRAME: {
                NativeLayout layout = nativeLayout(description, encoding);
                byte[] inflated = DeflatedFrameDecoder.inflate(encodedFrames.get(index),
                        (int) NativeFrameDecoder.bytesPerFrame(description, layout), ref);
                samples = NativeFrameDecoder.decode(description, layout, inflated, 0, ref);
                break;
            }
            case RLE:
                samples = NativeFrameDecoder.decode(description, NativeLayout.DECODED,
                        RleFrameDecoder.decodeToNative(description, encodedFrames.get(index), ref), 0, ref);
                break;
            case JPEG:
            case JPEG_LOSSLESS:
            case JPEG_LS:
                samples = JpegProcess.decode(description, encoding, encodedFrames.get(index), ref);
                break;
            case JPEG_2000:
                samples = Jpeg2000FrameDecoder.decode(description, encodedFrames.get(index), ref);
                interpretation = Jpeg2000FrameDecoder.decodedInterpretation(interpretation);
                break;
            default:
                throw new PixelDataException(source, "pixel decoding of "
                        + PixelEncoding.describe(description.transferSyntaxUid()) + " is not supported");
        }
        boolean unsigned32 = !description.signed() && description.bitsStored() == 32;
        return new Frame(samples, description.rows(), description.columns(), interpretation, unsigned32);
    }

    /**
     * A decoded frame is an int per sample, and compressed syntaxes first decode to native bytes: refused when that
     * exceeds half the heap ({@code -Xmx}) or one Java array, before anything is allocated, so a header that declares
     * a huge image fails with a message instead of an OutOfMemoryError.
     */
    private void checkFrameFitsHeap(int index) {
        long samples = description.samplesPerFrame();
        long nativeBytes = encoding.isEncapsulated()
                ? NativeFrameDecoder.bytesPerFrame(description, nativeLayout(description, encoding)) : 0;
        long needed = samples * Integer.BYTES + nativeBytes;
        long allowed = Runtime.getRuntime().maxMemory() / 2;
        if (nativeBytes > PixelDescription.MAX_SAMPLES_PER_FRAME || needed > allowed) {
            throw new PixelDataException(source, Tag.PixelData, "decoding frame " + index + " (" + description.columns()
                    + " x " + description.rows() + " pixels, " + description.samplesPerPixel() + " sample(s) of "
                    + description.bitsAllocated() + " bits) needs about " + needed + " bytes, more than "
                    + (nativeBytes > PixelDescription.MAX_SAMPLES_PER_FRAME ? "one Java array holds"
                            : "half the Java heap (" + allowed + " bytes; raise -Xmx)"));
        }
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= frameCount()) {
            throw new PixelDataException(source, "frame index " + index + " out of range; the Pixel Data has "
                    + frameCount() + " frame(s), indices 0 to " + (frameCount() - 1));
        }
    }

    private static NativeLayout nativeLayout(PixelDescription description, PixelEncoding encoding) {
        return new NativeLayout(encoding == PixelEncoding.NATIVE_BIG_ENDIAN,
                description.planarConfiguration() == 1,
                description.photometricInterpretation() == PhotometricInterpretation.YBR_FULL_422);
    }
}
