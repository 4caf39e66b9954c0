package dev.pulmo.dicom.pixel.internal.j2k;

import java.util.ArrayList;
import java.util.List;

/** The coding parameters of COD/COC, QCD/QCC, RGN and POC marker segments (15444-1 A.6). */
final class CodingParameters {
    private CodingParameters() {
    }

    /** Code-block style bits of SPcod/SPcoc (Table A.19) and 15444-15 Table A.4. */
    static final int STYLE_BYPASS = 0x01;
    static final int STYLE_RESET = 0x02;
    static final int STYLE_TERMALL = 0x04;
    static final int STYLE_VSC = 0x08;
    static final int STYLE_PTERM = 0x10;
    static final int STYLE_SEGSYM = 0x20;
    static final int STYLE_HT = 0x40;
    static final int STYLE_HT_MIXED = 0x80;

    /** Progression orders of Table A.16. */
    static final int LRCP = 0;
    static final int RLCP = 1;
    static final int RPCL = 2;
    static final int PCRL = 3;
    static final int CPRL = 4;

    /** The component-level part of COD or COC: SPcod/SPcoc and the precinct sizes. */
    record ComponentCoding(int levels, int codeBlockWidthExponent, int codeBlockHeightExponent, int style,
            boolean reversible, int[] precinctWidthExponents, int[] precinctHeightExponents) {
        int precinctWidthExponent(int resolution) {
            return precinctWidthExponents[resolution];
        }

        int precinctHeightExponent(int resolution) {
            return precinctHeightExponents[resolution];
        }

        boolean isHighThroughput() {
            return (style & STYLE_HT) != 0;
        }
    }

    /** The tile-level part of COD: Scod and SGcod. */
    record TileCoding(boolean sop, boolean eph, int progression, int layers, int multipleComponentTransform) {
    }

    /**
     * QCD/QCC (A.6.4): quantization style 0 (none), 1 (scalar derived) or 2 (scalar expounded), guard bits,
     * and per sub-band the exponent and mantissa in the order LL, then HL, LH, HH from the coarsest level.
     */
    record Quantization(int style, int guardBits, int[] exponents, int[] mantissas) {
        /** @param band 0 for LL, 1 + 3 × (resolution − 1) + orientation − 1 otherwise */
        int exponent(int band, int levels) {
            if (style == 1) {
                // E.1: derived quantization, εb = ε0 − NL + nb
                int level = band == 0 ? levels : levels - (band - 1) / 3;
                return exponents[0] - levels + level;
            }
            return band < exponents.length ? exponents[band] : -1;
        }

        int mantissa(int band) {
            if (style == 1) {
                return mantissas[0];
            }
            return band < mantissas.length ? mantissas[band] : -1;
        }
    }

    /** One progression of a POC marker segment (A.6.6). */
    record ProgressionChange(int resolutionStart, int componentStart, int layerEnd, int resolutionEnd,
            int componentEnd, int progression) {
    }

    static List<ProgressionChange> copyOf(List<ProgressionChange> changes) {
        return new ArrayList<>(changes);
    }
}
