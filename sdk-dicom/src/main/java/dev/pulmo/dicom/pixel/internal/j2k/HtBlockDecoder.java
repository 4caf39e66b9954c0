package dev.pulmo.dicom.pixel.internal.j2k;

/** The HT block decoder of 15444-15 (placeholder until implemented). */
final class HtBlockDecoder {
    int[] decode(CodeBlock block, TileDecoder.Band band, int style, int tile, int component) {
        throw new J2kException(-1, "HT code-blocks are not supported yet");
    }
}
