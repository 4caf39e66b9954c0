package dev.pulmo.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * NIfTI-1 single-file ({@code .nii}, magic {@code n+1}) headers, little-endian, as the NIfTI-1 standard's
 * {@code nifti1.h} lays out its 348 bytes, followed by the 4-byte extension flag (no extensions): voxel data starts at
 * byte 352. Written directly: the format is small and fixed, and a library would bring more than it saves.
 */
final class NiftiWriter {
    /** NIfTI datatype codes ({@code nifti1.h}). */
    static final short UINT8 = 2, INT16 = 4, INT32 = 8, FLOAT32 = 16, INT8 = 256, UINT16 = 512, UINT32 = 768;
    static final int VOX_OFFSET = 352;

    private NiftiWriter() {
    }

    /** Bits per voxel of a datatype code. */
    static int bitsOf(short datatype) {
        return switch (datatype) {
            case UINT8, INT8 -> 8;
            case INT16, UINT16 -> 16;
            case INT32, UINT32, FLOAT32 -> 32;
            default -> throw new IllegalArgumentException("unsupported NIfTI datatype " + datatype);
        };
    }

    /**
     * Writes the header and extension flag.
     *
     * @param dims      nx, ny, nz
     * @param spacingMm the voxel sizes along i, j, k (pixdim[1..3]), mm
     * @param affine    the 3×4 voxel-to-RAS (mm) matrix, rows x, y, z (written as sform and, orthonormalised, as qform)
     */
    static void writeHeader(OutputStream out, int[] dims, double[] spacingMm, double[][] affine, short datatype,
                            double sclSlope, double sclInter, String description) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 348);
        b.put(38, (byte) 'r'); // regular
        b.putShort(40, (short) 3);
        for (int i = 0; i < 3; i++) {
            b.putShort(42 + 2 * i, (short) dims[i]);
        }
        for (int i = 3; i < 7; i++) {
            b.putShort(42 + 2 * i, (short) 1);
        }
        b.putShort(70, datatype);
        b.putShort(72, (short) bitsOf(datatype));
        b.putFloat(76, 1f); // pixdim[0] = qfac: the affine is right-handed (slices ordered along the normal)
        for (int i = 0; i < 3; i++) {
            b.putFloat(80 + 4 * i, (float) spacingMm[i]);
        }
        b.putFloat(108, VOX_OFFSET);
        b.putFloat(112, (float) sclSlope);
        b.putFloat(116, (float) sclInter);
        b.put(123, (byte) 2); // xyzt_units: mm
        byte[] text = description.getBytes(StandardCharsets.US_ASCII);
        b.put(148, text, 0, Math.min(79, text.length));
        b.putShort(252, (short) 1); // qform_code: scanner
        b.putShort(254, (short) 1); // sform_code: scanner
        double[] q = quaternion(affine);
        b.putFloat(256, (float) q[0]);
        b.putFloat(260, (float) q[1]);
        b.putFloat(264, (float) q[2]);
        b.putFloat(268, (float) affine[0][3]);
        b.putFloat(272, (float) affine[1][3]);
        b.putFloat(276, (float) affine[2][3]);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putFloat(280 + 16 * r + 4 * c, (float) affine[r][c]);
            }
        }
        b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1').put(347, (byte) 0);
        out.write(b.array());
    }

    /**
     * The quaternion (b, c, d) of the rotation of the affine's orthonormalised columns, by the method of
     * {@code nifti_mat44_to_quatern} in the reference library {@code nifti1_io.c} (proper rotation: qfac 1).
     */
    private static double[] quaternion(double[][] affine) {
        double[][] r = new double[3][3];
        for (int c = 0; c < 3; c++) {
            double n = Math.sqrt(affine[0][c] * affine[0][c] + affine[1][c] * affine[1][c] + affine[2][c] * affine[2][c]);
            for (int i = 0; i < 3; i++) {
                r[i][c] = affine[i][c] / n;
            }
        }
        double a = r[0][0] + r[1][1] + r[2][2] + 1, qb, qc, qd;
        if (a > 0.5) {
            a = 0.5 * Math.sqrt(a);
            qb = 0.25 * (r[2][1] - r[1][2]) / a;
            qc = 0.25 * (r[0][2] - r[2][0]) / a;
            qd = 0.25 * (r[1][0] - r[0][1]) / a;
        } else {
            double xd = 1 + r[0][0] - (r[1][1] + r[2][2]), yd = 1 + r[1][1] - (r[0][0] + r[2][2]), zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
            if (xd > 1) {
                qb = 0.5 * Math.sqrt(xd);
                qc = 0.25 * (r[0][1] + r[1][0]) / qb;
                qd = 0.25 * (r[0][2] + r[2][0]) / qb;
                a = 0.25 * (r[2][1] - r[1][2]) / qb;
            } else if (yd > 1) {
                qc = 0.5 * Math.sqrt(yd);
                qb = 0.25 * (r[0][1] + r[1][0]) / qc;
                qd = 0.25 * (r[1][2] + r[2][1]) / qc;
                a = 0.25 * (r[0][2] - r[2][0]) / qc;
            } else {
                qd = 0.5 * Math.sqrt(zd);
                qb = 0.25 * (r[0][2] + r[2][0]) / qd;
                qc = 0.25 * (r[1][2] + r[2][1]) / qd;
                a = 0.25 * (r[1][0] - r[0][1]) / qd;
            }
            if (a < 0) {
                qb = -qb;
                qc = -qc;
                qd = -qd;
            }
        }
        return new double[] {qb, qc, qd};
    }
}
