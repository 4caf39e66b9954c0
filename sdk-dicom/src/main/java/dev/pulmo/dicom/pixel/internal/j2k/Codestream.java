package dev.pulmo.dicom.pixel.internal.j2k;

import dev.pulmo.dicom.pixel.internal.j2k.CodingParameters.ComponentCoding;
import dev.pulmo.dicom.pixel.internal.j2k.CodingParameters.ProgressionChange;
import dev.pulmo.dicom.pixel.internal.j2k.CodingParameters.Quantization;
import dev.pulmo.dicom.pixel.internal.j2k.CodingParameters.TileCoding;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A parsed JPEG 2000 codestream (15444-1 Annex A): the image and tile geometry of SIZ, the main header's
 * coding parameters, and per tile the tile-part headers' parameters and where its tile-part bodies are.
 * Packet data is not read here. Every length is checked against the bytes there are; a fault throws
 * {@link J2kException} with the offset of the marker segment at fault.
 */
final class Codestream {
    /** 15444-1 A.5.1: Csiz is at most 16384; ISot is 16 bits, so at most 65535 tiles. */
    private static final int MAX_COMPONENTS = 16384;
    private static final int MAX_TILES = 65535;
    /** Deeper decompositions than this cannot occur in an image of at most 2^32 samples a side. */
    private static final int MAX_LEVELS = 32;
    /** The precision this decoder supports; DICOM's Bits Stored never exceeds 16. */
    static final int MAX_PRECISION = 16;

    final byte[] data;
    final int start;
    final int end;

    int imageX0;
    int imageY0;
    int imageX1;
    int imageY1;
    int tileWidth;
    int tileHeight;
    int tileX0;
    int tileY0;
    int tilesAcross;
    int tilesDown;
    int components;
    int[] precision;
    boolean[] signed;
    int[] subsamplingX;
    int[] subsamplingY;
    /** Ccap15 of a CAP marker segment (15444-15 A.3), 0 without one. */
    int highThroughputCapabilities;
    boolean hasCap;

    TileCoding mainTileCoding;
    ComponentCoding mainComponentCoding;
    ComponentCoding[] mainComponentCodings;
    Quantization mainQuantization;
    Quantization[] mainComponentQuantizations;
    int[] mainRegionShifts;
    final List<ProgressionChange> mainProgressionChanges = new ArrayList<>();
    private final TreeMap<Integer, byte[]> packedHeadersMain = new TreeMap<>();
    private int packedHeadersMainLength;

    Tile[] tiles;

    /** One tile's tile-part headers and bodies, in codestream order. */
    static final class Tile {
        final int index;
        TileCoding tileCoding;
        ComponentCoding componentCoding;
        ComponentCoding[] componentCodings;
        Quantization quantization;
        Quantization[] componentQuantizations;
        int[] regionShifts;
        final List<ProgressionChange> progressionChanges = new ArrayList<>();
        final TreeMap<Integer, byte[]> packedHeadersTile = new TreeMap<>();
        /** Pairs of (offset, length) into {@link Codestream#data}. */
        final List<int[]> bodies = new ArrayList<>();
        /** For PPM: the tile-parts' packed headers, in order. */
        final ByteArrayOutputStream packedHeadersFromMain = new ByteArrayOutputStream();
        int tileParts;
        int declaredTileParts;
        int firstOffset = -1;

        Tile(int index, int components) {
            this.index = index;
            componentCodings = new ComponentCoding[components];
            componentQuantizations = new Quantization[components];
            regionShifts = new int[components];
            java.util.Arrays.fill(regionShifts, -1);
        }
    }

    private Codestream(byte[] data, int start, int end) {
        this.data = data;
        this.start = start;
        this.end = end;
    }

    /**
     * @param data  the bytes
     * @param start offset of the SOC marker
     * @param end   end of the codestream (exclusive)
     * @return the parsed codestream
     * @throws J2kException when the codestream is malformed or truncated
     */
    static Codestream parse(byte[] data, int start, int end) {
        Codestream c = new Codestream(data, start, end);
        c.parse();
        return c;
    }

    private int u8(int at) {
        if (at >= end) {
            throw new J2kException(at, "codestream ends at byte " + end + " inside a marker segment");
        }
        return data[at] & 0xFF;
    }

    private int u16(int at) {
        return u8(at) << 8 | u8(at + 1);
    }

    private long u32(int at) {
        return (long) u16(at) << 16 | u16(at + 2);
    }

    private int checkedInt(long value, int at, String what) {
        if (value > Integer.MAX_VALUE) {
            throw new J2kException(at, what + " " + value + " is larger than this decoder supports");
        }
        return (int) value;
    }

    private void parse() {
        if (end - start < 2 || u16(start) != Markers.SOC) {
            throw new J2kException(start, "expected the SOC marker FF4F, found "
                    + (end - start < 2 ? "the end of the data" : String.format("%04X", u16(start))));
        }
        int at = start + 2;
        boolean sawSiz = false;
        // main header
        while (true) {
            if (at + 2 > end) {
                throw new J2kException(at, "codestream ends in the main header (no SOT marker)");
            }
            int marker = u16(at);
            if (marker == Markers.SOT) {
                break;
            }
            if (marker == Markers.EOC) {
                throw new J2kException(at, "EOC marker before any tile-part");
            }
            if ((marker & 0xFF00) != 0xFF00) {
                throw new J2kException(at, String.format("expected a marker in the main header, found %04X", marker));
            }
            if (marker >= 0xFF30 && marker <= 0xFF3F) {
                // A.1.4: reserved markers without a marker segment
                at += 2;
                continue;
            }
            int length = u16(at + 2);
            int payload = at + 4;
            int segmentEnd = at + 2 + length;
            checkSegment(at, marker, length, segmentEnd);
            if (!sawSiz && marker != Markers.SIZ) {
                throw new J2kException(at, "expected SIZ right after SOC, found " + Markers.name(marker));
            }
            switch (marker) {
                case Markers.SIZ -> {
                    if (sawSiz) {
                        throw new J2kException(at, "second SIZ marker segment");
                    }
                    readSiz(at, payload, segmentEnd);
                    sawSiz = true;
                }
                case Markers.CAP -> readCap(at, payload, segmentEnd);
                case Markers.COD -> {
                    mainTileCoding = readTileCoding(at, payload);
                    mainComponentCoding = readComponentCoding(at, payload + 5, segmentEnd, u8(payload) & 1);
                }
                case Markers.COC -> {
                    int component = readComponentIndex(at, payload);
                    int p = payload + (components < 257 ? 1 : 2);
                    mainComponentCodings[component] = readComponentCoding(at, p + 1, segmentEnd, u8(p) & 1);
                }
                case Markers.QCD -> mainQuantization = readQuantization(at, payload, segmentEnd);
                case Markers.QCC -> {
                    int component = readComponentIndex(at, payload);
                    mainComponentQuantizations[component] = readQuantization(at,
                            payload + (components < 257 ? 1 : 2), segmentEnd);
                }
                case Markers.RGN -> readRegion(at, payload, segmentEnd, mainRegionShifts);
                case Markers.POC -> readProgressionChanges(at, payload, segmentEnd, mainProgressionChanges);
                case Markers.PPM -> {
                    int index = u8(payload);
                    byte[] chunk = java.util.Arrays.copyOfRange(data, payload + 1, segmentEnd);
                    if (packedHeadersMain.put(index, chunk) != null) {
                        throw new J2kException(at, "two PPM marker segments with Zppm " + index);
                    }
                    packedHeadersMainLength += chunk.length;
                }
                case Markers.PPT, Markers.SOD, Markers.SOP, Markers.EPH ->
                    throw new J2kException(at, Markers.name(marker) + " marker in the main header");
                default -> {
                    // TLM, PLM, CRG, COM, CPF and unknown segments carry nothing the decoder needs
                }
            }
            at = segmentEnd;
        }
        if (mainTileCoding == null) {
            throw new J2kException(at, "the main header has no COD marker segment");
        }
        if (mainQuantization == null) {
            throw new J2kException(at, "the main header has no QCD marker segment");
        }
        readTileParts(at);
    }

    private void checkSegment(int at, int marker, int length, int segmentEnd) {
        if (length < 2) {
            throw new J2kException(at, Markers.name(marker) + " marker segment length " + length + " is below 2");
        }
        if (segmentEnd > end) {
            throw new J2kException(at, Markers.name(marker) + " marker segment of " + length
                    + " bytes runs past the end of the codestream (byte " + end + ")");
        }
    }

    private void readSiz(int at, int p, int segmentEnd) {
        imageX1 = checkedInt(u32(p + 2), at, "Xsiz");
        imageY1 = checkedInt(u32(p + 6), at, "Ysiz");
        imageX0 = checkedInt(u32(p + 10), at, "XOsiz");
        imageY0 = checkedInt(u32(p + 14), at, "YOsiz");
        tileWidth = checkedInt(u32(p + 18), at, "XTsiz");
        tileHeight = checkedInt(u32(p + 22), at, "YTsiz");
        tileX0 = checkedInt(u32(p + 26), at, "XTOsiz");
        tileY0 = checkedInt(u32(p + 30), at, "YTOsiz");
        components = u16(p + 34);
        if (imageX1 <= imageX0 || imageY1 <= imageY0) {
            throw new J2kException(at, "SIZ image area is empty: Xsiz " + imageX1 + ", XOsiz " + imageX0
                    + ", Ysiz " + imageY1 + ", YOsiz " + imageY0);
        }
        if (tileWidth < 1 || tileHeight < 1 || tileX0 > imageX0 || tileY0 > imageY0
                || (long) tileX0 + tileWidth <= imageX0 || (long) tileY0 + tileHeight <= imageY0) {
            throw new J2kException(at, "SIZ tiles do not cover the image: XTsiz " + tileWidth + ", YTsiz "
                    + tileHeight + ", XTOsiz " + tileX0 + ", YTOsiz " + tileY0 + " for an image from ("
                    + imageX0 + ", " + imageY0 + ")");
        }
        if (components < 1 || components > MAX_COMPONENTS) {
            throw new J2kException(at, "SIZ Csiz " + components + " is not 1 to " + MAX_COMPONENTS);
        }
        if (p + 36 + 3 * components > segmentEnd) {
            throw new J2kException(at, "SIZ marker segment is too short for " + components + " components");
        }
        long across = ceilDiv((long) imageX1 - tileX0, tileWidth);
        long down = ceilDiv((long) imageY1 - tileY0, tileHeight);
        if (across * down > MAX_TILES) {
            throw new J2kException(at, "SIZ makes " + across + " x " + down + " tiles; at most " + MAX_TILES
                    + " are allowed (ISot is 16 bits)");
        }
        tilesAcross = (int) across;
        tilesDown = (int) down;
        precision = new int[components];
        signed = new boolean[components];
        subsamplingX = new int[components];
        subsamplingY = new int[components];
        for (int c = 0; c < components; c++) {
            int ssiz = u8(p + 36 + 3 * c);
            precision[c] = (ssiz & 0x7F) + 1;
            signed[c] = (ssiz & 0x80) != 0;
            subsamplingX[c] = u8(p + 37 + 3 * c);
            subsamplingY[c] = u8(p + 38 + 3 * c);
            if (precision[c] > MAX_PRECISION) {
                throw new J2kException(at, "component " + c + " has " + precision[c]
                        + "-bit samples; this decoder supports at most " + MAX_PRECISION);
            }
            if (subsamplingX[c] < 1 || subsamplingY[c] < 1) {
                throw new J2kException(at, "component " + c + " has subsampling XRsiz " + subsamplingX[c]
                        + ", YRsiz " + subsamplingY[c] + "; both must be 1 to 255");
            }
        }
        mainComponentCodings = new ComponentCoding[components];
        mainComponentQuantizations = new Quantization[components];
        mainRegionShifts = new int[components];
        java.util.Arrays.fill(mainRegionShifts, -1);
        tiles = new Tile[tilesAcross * tilesDown];
    }

    private void readCap(int at, int p, int segmentEnd) {
        long pcap = u32(p);
        hasCap = true;
        // 15444-15 A.3: bit 14 of Pcap (counting from the LSB as 2^(32-15)) announces Part 15; Ccap15 follows
        int next = p + 4;
        for (int bit = 1; bit <= 32; bit++) {
            if ((pcap & (1L << (32 - bit))) != 0) {
                if (next + 2 > segmentEnd) {
                    throw new J2kException(at, "CAP marker segment too short for its Pcap bits");
                }
                if (bit == 15) {
                    highThroughputCapabilities = u16(next);
                }
                next += 2;
            }
        }
    }

    private TileCoding readTileCoding(int at, int p) {
        int scod = u8(p);
        int progression = u8(p + 1);
        int layers = u16(p + 2);
        int mct = u8(p + 4);
        if (progression > CodingParameters.CPRL) {
            throw new J2kException(at, "COD progression order " + progression + " is not 0 to 4");
        }
        if (layers < 1) {
            throw new J2kException(at, "COD number of layers is 0");
        }
        if (mct > 1) {
            throw new J2kException(at, "COD multiple component transform " + mct
                    + " is not 0 or 1 (Part 2 transforms are not supported)");
        }
        return new TileCoding((scod & 2) != 0, (scod & 4) != 0, progression, layers, mct);
    }

    private ComponentCoding readComponentCoding(int at, int p, int segmentEnd, int precinctsDefined) {
        int levels = u8(p);
        int cbw = u8(p + 1) + 2;
        int cbh = u8(p + 2) + 2;
        int style = u8(p + 3);
        int transform = u8(p + 4);
        if (levels > MAX_LEVELS) {
            throw new J2kException(at, "number of decomposition levels " + levels + " exceeds " + MAX_LEVELS);
        }
        if (cbw > 10 || cbh > 10 || cbw + cbh > 12) {
            throw new J2kException(at, "code-block size 2^" + cbw + " x 2^" + cbh
                    + " is not allowed (each exponent 2 to 10, their sum at most 12)");
        }
        if (transform > 1) {
            throw new J2kException(at, "wavelet transformation " + transform
                    + " is not 0 (9/7) or 1 (5/3); Part 2 kernels are not supported");
        }
        int[] ppx = new int[levels + 1];
        int[] ppy = new int[levels + 1];
        for (int r = 0; r <= levels; r++) {
            if (precinctsDefined != 0) {
                if (p + 5 + r >= segmentEnd) {
                    throw new J2kException(at, "marker segment too short for the precinct sizes of "
                            + (levels + 1) + " resolutions");
                }
                int pp = u8(p + 5 + r);
                ppx[r] = pp & 0xF;
                ppy[r] = pp >> 4;
                if (r > 0 && (ppx[r] == 0 || ppy[r] == 0)) {
                    throw new J2kException(at, "precinct size exponent 0 at resolution " + r
                            + " (only resolution 0 may use 1-sample precincts)");
                }
            } else {
                ppx[r] = 15;
                ppy[r] = 15;
            }
        }
        return new ComponentCoding(levels, cbw, cbh, style, transform == 1, ppx, ppy);
    }

    private int readComponentIndex(int at, int p) {
        int component = components < 257 ? u8(p) : u16(p);
        if (component >= components) {
            throw new J2kException(at, "marker segment names component " + component + " but the image has "
                    + components);
        }
        return component;
    }

    private Quantization readQuantization(int at, int p, int segmentEnd) {
        int sqcd = u8(p);
        int style = sqcd & 0x1F;
        int guardBits = sqcd >> 5;
        int count;
        int[] exponents;
        int[] mantissas;
        if (style == 0) {
            count = segmentEnd - p - 1;
            exponents = new int[count];
            mantissas = new int[count];
            for (int i = 0; i < count; i++) {
                exponents[i] = u8(p + 1 + i) >> 3;
            }
        } else if (style == 1 || style == 2) {
            count = (segmentEnd - p - 1) / 2;
            if (count < 1) {
                throw new J2kException(at, "quantization marker segment has no step size");
            }
            exponents = new int[count];
            mantissas = new int[count];
            for (int i = 0; i < count; i++) {
                int v = u16(p + 1 + 2 * i);
                exponents[i] = v >> 11;
                mantissas[i] = v & 0x7FF;
            }
        } else {
            throw new J2kException(at, "quantization style " + style + " is not 0, 1 or 2");
        }
        return new Quantization(style, guardBits, exponents, mantissas);
    }

    private void readRegion(int at, int p, int segmentEnd, int[] shifts) {
        int component = readComponentIndex(at, p);
        int q = p + (components < 257 ? 1 : 2);
        if (u8(q) != 0) {
            throw new J2kException(at, "RGN style " + u8(q) + " is not 0 (implicit, max-shift)");
        }
        shifts[component] = u8(q + 1);
    }

    private void readProgressionChanges(int at, int p, int segmentEnd, List<ProgressionChange> into) {
        int componentBytes = components < 257 ? 1 : 2;
        int entry = 5 + 2 * componentBytes;
        if ((segmentEnd - p) % entry != 0 || segmentEnd == p) {
            throw new J2kException(at, "POC marker segment length does not hold whole progressions");
        }
        for (int q = p; q < segmentEnd; q += entry) {
            int rs = u8(q);
            int cs = componentBytes == 1 ? u8(q + 1) : u16(q + 1);
            int lye = u16(q + 1 + componentBytes);
            int re = u8(q + 3 + componentBytes);
            int ce = componentBytes == 1 ? u8(q + 4 + componentBytes) : u16(q + 4 + componentBytes);
            int order = u8(q + 4 + 2 * componentBytes);
            if (ce == 0) {
                ce = 256; // A.6.6: CEpoc 0 means 256 with 8-bit component indices
            }
            if (order > CodingParameters.CPRL) {
                throw new J2kException(at, "POC progression order " + order + " is not 0 to 4");
            }
            into.add(new ProgressionChange(rs, cs, lye, re, Math.min(ce, components), order));
        }
    }

    private void readTileParts(int first) {
        int at = first;
        ByteArrayOutputStream packedMain = null;
        int packedMainOffset = 0;
        byte[] packedMainBytes = null;
        if (!packedHeadersMain.isEmpty()) {
            packedMain = new ByteArrayOutputStream(packedHeadersMainLength);
            for (byte[] chunk : packedHeadersMain.values()) {
                packedMain.write(chunk, 0, chunk.length);
            }
            packedMainBytes = packedMain.toByteArray();
        }
        while (at < end) {
            if (at + 2 > end) {
                throw new J2kException(at, "codestream ends inside a marker");
            }
            int marker = u16(at);
            if (marker == Markers.EOC) {
                return;
            }
            if (marker != Markers.SOT) {
                throw new J2kException(at, "expected SOT or EOC, found " + String.format("%04X", marker));
            }
            int length = u16(at + 2);
            if (length != 10) {
                throw new J2kException(at, "SOT marker segment length " + length + " is not 10");
            }
            int tileIndex = u16(at + 4);
            long partLength = u32(at + 6);
            int partIndex = u8(at + 10);
            int partCount = u8(at + 11);
            if (tileIndex >= tiles.length) {
                throw new J2kException(at, "SOT names tile " + tileIndex + " but there are " + tiles.length);
            }
            int partEnd;
            if (partLength == 0) {
                // A.4.2: Psot 0 means the tile-part runs to the EOC marker
                partEnd = end >= 2 && u16(end - 2) == Markers.EOC ? end - 2 : end;
            } else {
                if (partLength < 14 || at + partLength > end) {
                    throw new J2kException(at, "tile-part " + partIndex + " of tile " + tileIndex + " declares "
                            + partLength + " bytes (Psot) but the codestream has " + (end - at)
                            + " left: truncated or corrupt");
                }
                partEnd = (int) (at + partLength);
            }
            Tile tile = tiles[tileIndex];
            if (tile == null) {
                tile = new Tile(tileIndex, components);
                tiles[tileIndex] = tile;
                tile.firstOffset = at;
            }
            if (partIndex != tile.tileParts) {
                throw new J2kException(at, "tile-part index " + partIndex + " of tile " + tileIndex
                        + " out of order; expected " + tile.tileParts);
            }
            if (partCount != 0) {
                tile.declaredTileParts = partCount;
            }
            int q = at + 12;
            while (true) {
                if (q + 2 > partEnd) {
                    throw new J2kException(q, "tile-part header of tile " + tileIndex + " has no SOD marker");
                }
                int m = u16(q);
                if (m == Markers.SOD) {
                    q += 2;
                    break;
                }
                if ((m & 0xFF00) != 0xFF00) {
                    throw new J2kException(q, String.format("expected a marker in a tile-part header, found %04X",
                            m));
                }
                if (m >= 0xFF30 && m <= 0xFF3F) {
                    q += 2;
                    continue;
                }
                int len = u16(q + 2);
                int payload = q + 4;
                int segmentEnd = q + 2 + len;
                checkSegment(q, m, len, segmentEnd);
                if (segmentEnd > partEnd) {
                    throw new J2kException(q, Markers.name(m) + " marker segment runs past its tile-part");
                }
                boolean firstPart = partIndex == 0;
                switch (m) {
                    case Markers.COD -> {
                        requireFirstPart(q, m, firstPart);
                        tile.tileCoding = readTileCoding(q, payload);
                        tile.componentCoding = readComponentCoding(q, payload + 5, segmentEnd, u8(payload) & 1);
                    }
                    case Markers.COC -> {
                        requireFirstPart(q, m, firstPart);
                        int component = readComponentIndex(q, payload);
                        int p = payload + (components < 257 ? 1 : 2);
                        tile.componentCodings[component] = readComponentCoding(q, p + 1, segmentEnd, u8(p) & 1);
                    }
                    case Markers.QCD -> {
                        requireFirstPart(q, m, firstPart);
                        tile.quantization = readQuantization(q, payload, segmentEnd);
                    }
                    case Markers.QCC -> {
                        requireFirstPart(q, m, firstPart);
                        int component = readComponentIndex(q, payload);
                        tile.componentQuantizations[component] = readQuantization(q,
                                payload + (components < 257 ? 1 : 2), segmentEnd);
                    }
                    case Markers.RGN -> {
                        requireFirstPart(q, m, firstPart);
                        readRegion(q, payload, segmentEnd, tile.regionShifts);
                    }
                    case Markers.POC -> readProgressionChanges(q, payload, segmentEnd, tile.progressionChanges);
                    case Markers.PPT -> {
                        if (packedMainBytes != null) {
                            throw new J2kException(q, "PPT marker segment in a codestream with PPM");
                        }
                        int index = u8(payload);
                        if (tile.packedHeadersTile.put(index, java.util.Arrays.copyOfRange(data, payload + 1,
                                segmentEnd)) != null) {
                            throw new J2kException(q, "two PPT marker segments with Zppt " + index);
                        }
                    }
                    case Markers.SIZ, Markers.SOT, Markers.SOC ->
                        throw new J2kException(q, Markers.name(m) + " marker inside a tile-part header");
                    default -> {
                        // PLT, COM and others carry nothing the decoder needs
                    }
                }
                q = segmentEnd;
            }
            if (packedMainBytes != null) {
                if (packedMainOffset + 4 > packedMainBytes.length) {
                    throw new J2kException(at, "PPM marker segments hold no packed headers for tile-part "
                            + partIndex + " of tile " + tileIndex);
                }
                long n = (long) (packedMainBytes[packedMainOffset] & 0xFF) << 24
                        | (packedMainBytes[packedMainOffset + 1] & 0xFF) << 16
                        | (packedMainBytes[packedMainOffset + 2] & 0xFF) << 8
                        | packedMainBytes[packedMainOffset + 3] & 0xFF;
                packedMainOffset += 4;
                if (packedMainOffset + n > packedMainBytes.length) {
                    throw new J2kException(at, "PPM Nppm " + n + " for tile-part " + partIndex + " of tile "
                            + tileIndex + " runs past the PPM data");
                }
                tile.packedHeadersFromMain.write(packedMainBytes, packedMainOffset, (int) n);
                packedMainOffset += (int) n;
            }
            tile.bodies.add(new int[] {q, partEnd - q});
            tile.tileParts++;
            at = partEnd;
        }
        // A codestream without EOC is accepted when every tile-part was complete (OpenJPEG does the same).
    }

    private static void requireFirstPart(int at, int marker, boolean firstPart) {
        if (!firstPart) {
            throw new J2kException(at, Markers.name(marker)
                    + " marker segment in a tile-part other than the first of its tile");
        }
    }

    /** @return true when the codestream's packed packet headers live in PPM marker segments */
    boolean usesPackedHeadersMain() {
        return !packedHeadersMain.isEmpty();
    }

    /** The parameters in force for one component of one tile (A.6: tile COC > tile COD > main COC > main COD). */
    ComponentCoding componentCoding(Tile tile, int component) {
        if (tile.componentCodings[component] != null) {
            return tile.componentCodings[component];
        }
        if (tile.componentCoding != null) {
            return tile.componentCoding;
        }
        if (mainComponentCodings[component] != null) {
            return mainComponentCodings[component];
        }
        return mainComponentCoding;
    }

    TileCoding tileCoding(Tile tile) {
        return tile.tileCoding != null ? tile.tileCoding : mainTileCoding;
    }

    /** A.6.4: tile QCC > tile QCD > main QCC > main QCD. */
    Quantization quantization(Tile tile, int component) {
        if (tile.componentQuantizations[component] != null) {
            return tile.componentQuantizations[component];
        }
        if (tile.quantization != null) {
            return tile.quantization;
        }
        if (mainComponentQuantizations[component] != null) {
            return mainComponentQuantizations[component];
        }
        return mainQuantization;
    }

    int regionShift(Tile tile, int component) {
        int shift = tile.regionShifts[component] >= 0 ? tile.regionShifts[component] : mainRegionShifts[component];
        return Math.max(shift, 0);
    }

    List<ProgressionChange> progressionChanges(Tile tile) {
        return tile.progressionChanges.isEmpty() ? mainProgressionChanges : tile.progressionChanges;
    }

    /** @return the packed packet headers of a tile (PPM or PPT), or null when headers are in the bodies */
    byte[] packedHeaders(Tile tile) {
        if (usesPackedHeadersMain()) {
            return tile.packedHeadersFromMain.toByteArray();
        }
        if (tile.packedHeadersTile.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : tile.packedHeadersTile.values()) {
            out.write(chunk, 0, chunk.length);
        }
        return out.toByteArray();
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /** ⌈a / 2^k⌉ for a ≥ 0 or negative, k ≥ 0. */
    static int ceilDivPow2(long a, int k) {
        return (int) -((-a) >> k);
    }
}
