package dev.pulmo.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.api.BoundingBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 3-D labelling: hand-made stacks, and random volumes against {@code scipy.ndimage.label} with a 3×3×3 structure. */
class VolumeComponentsTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void cornerContactAcrossSlicesJoinsAndAnEmptySliceSeparates() {
        BinaryMask a = Masks.parse("""
                #....
                .....
                .....
                """);
        BinaryMask diagonal = Masks.parse("""
                .....
                .#...
                .....
                """);
        BinaryMask twoAway = Masks.parse("""
                .....
                .....
                ..#.#
                """);
        BinaryMask empty = BinaryMask.empty(5, 3);
        // slice 0 (0,0) touches slice 1 (1,1) at a corner; slice 2's (2,2) touches (1,1); (4,2) touches nothing
        VolumeComponents v = VolumeComponents.label(List.of(a, diagonal, twoAway, empty, a));
        assertThat(v.count()).isEqualTo(3);
        VolumeComponent first = v.components().get(0);
        assertThat(first.voxels()).isEqualTo(3);
        assertThat(first.firstSlice()).isZero();
        assertThat(first.lastSlice()).isEqualTo(2);
        // centres (0.5,0.5,0), (1.5,1.5,1), (2.5,2.5,2)
        assertThat(first.centroid()).containsExactly(1.5, 1.5, 1.0);
        assertThat(first.footprints().get(2).bounds()).isEqualTo(BoundingBox.fromCorners(2, 2, 3, 3));
        assertThat(v.components().get(1).footprints()).singleElement()
                .satisfies(f -> assertThat(f.bounds()).isEqualTo(BoundingBox.fromCorners(4, 2, 5, 3)));
        assertThat(v.components().get(2).firstSlice()).isEqualTo(4);
        assertThat(v.mask(0, 2)).isEqualTo(Masks.parse("""
                .....
                .....
                ..#..
                """));
        assertThat(v.mask(0, 3)).isEqualTo(empty);
        assertThat(v.componentAt(1, 1, 1)).isZero();
        assertThat(v.componentAt(4, 2, 2)).isEqualTo(1);
        assertThat(v.componentAt(0, 0, 4)).isEqualTo(2);
        assertThat(v.componentAt(3, 2, 2)).isEqualTo(-1);
    }

    @Test
    void refusesMismatchedSlices() {
        assertThatThrownBy(() -> VolumeComponents.label(List.of(BinaryMask.empty(4, 4), BinaryMask.empty(5, 4))))
                .isInstanceOf(GeometryException.class).hasMessageContaining("slice 1 is 5 x 4");
        assertThatThrownBy(() -> VolumeComponents.label(List.of())).isInstanceOf(GeometryException.class);
    }

    @Test
    void aComponentsDiametersOnASliceAreThoseOfItsMask() {
        Random random = new Random(7);
        for (int round = 0; round < 40; round++) {
            int width = 3 + random.nextInt(90), height = 3 + random.nextInt(40);
            double density = 0.05 + random.nextDouble() * 0.4;
            List<BinaryMask> stack = new ArrayList<>();
            for (int z = 0; z < 4; z++) {
                byte[] slice = new byte[height * width];
                for (int i = 0; i < slice.length; i++) {
                    slice[i] = (byte) (random.nextDouble() < density ? 1 : 0);
                }
                stack.add(BinaryMask.fromBytes(slice, width, height));
            }
            VolumeComponents v = VolumeComponents.label(stack);
            double rowSpacing = 0.5 + random.nextDouble(), columnSpacing = 0.5 + random.nextDouble();
            for (VolumeComponent c : v.components()) {
                for (int z = 0; z < 4; z++) {
                    assertThat(v.diameters(c.id(), z, rowSpacing, columnSpacing)).as("component %d slice %d", c.id(), z)
                            .isEqualTo(AxialDiameters.of(v.mask(c.id(), z), rowSpacing, columnSpacing));
                }
            }
        }
    }

    @Test
    void randomVolumesLabelAsScipy() throws IOException, InterruptedException {
        Assumptions.assumeTrue(scipyAvailable(), "needs /usr/bin/python3 with numpy and scipy (Debian python3-numpy python3-scipy)");
        Random random = new Random(21);
        int[][] shapes = {{7, 9, 70}, {12, 30, 20}, {3, 65, 64}, {20, 16, 16}};
        double[] densities = {0.08, 0.2, 0.35};
        for (int[] shape : shapes) {
            for (double density : densities) {
                int slices = shape[0], height = shape[1], width = shape[2];
                byte[] voxels = new byte[slices * height * width];
                List<BinaryMask> stack = new ArrayList<>();
                for (int z = 0; z < slices; z++) {
                    byte[] slice = new byte[height * width];
                    for (int i = 0; i < slice.length; i++) {
                        slice[i] = (byte) (random.nextDouble() < density ? 1 : 0);
                    }
                    System.arraycopy(slice, 0, voxels, z * slice.length, slice.length);
                    stack.add(BinaryMask.fromBytes(slice, width, height));
                }
                JsonNode scipy = scipyLabel(voxels, slices, height, width);
                VolumeComponents v = VolumeComponents.label(stack);
                String what = slices + "x" + height + "x" + width + " @" + density;
                assertThat(v.count()).as(what).isEqualTo(scipy.get("count").asInt());
                for (int k = 0; k < v.count(); k++) {
                    VolumeComponent c = v.components().get(k);
                    JsonNode expected = scipy.get("components").get(k);
                    assertThat(c.voxels()).as(what + " component " + k).isEqualTo(expected.get("voxels").asLong());
                    // scipy's centre of mass is in voxel indices (z, y, x); ours in pixel coordinates (centre = index + 0.5)
                    double[] centroid = c.centroid();
                    assertThat(centroid[2]).isCloseTo(expected.get("z").asDouble(), offset(1e-9));
                    assertThat(centroid[1] - 0.5).isCloseTo(expected.get("y").asDouble(), offset(1e-9));
                    assertThat(centroid[0] - 0.5).isCloseTo(expected.get("x").asDouble(), offset(1e-9));
                    assertThat(c.firstSlice()).isEqualTo(expected.get("z0").asInt());
                    assertThat(c.lastSlice()).isEqualTo(expected.get("z1").asInt() - 1);
                }
            }
        }
    }

    private JsonNode scipyLabel(byte[] voxels, int slices, int height, int width) throws IOException, InterruptedException {
        Path raw = dir.resolve("volume.raw");
        Files.write(raw, voxels);
        String script = String.join("\n",
                "import json, sys, numpy as np",
                "from scipy import ndimage",
                "v = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))",
                "labels, n = ndimage.label(v, structure=np.ones((3, 3, 3), dtype=int))",
                "out = []",
                "objects = ndimage.find_objects(labels)",
                "for k in range(1, n + 1):",
                "    z, y, x = ndimage.center_of_mass(labels == k)",
                "    out.append({'voxels': int((labels == k).sum()), 'z': z, 'y': y, 'x': x,",
                "                'z0': objects[k - 1][0].start, 'z1': objects[k - 1][0].stop})",
                "print(json.dumps({'count': int(n), 'components': out}))");
        Process p = new ProcessBuilder(PYTHON, "-c", script, raw.toString(), Integer.toString(slices), Integer.toString(height),
                Integer.toString(width)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
        return new ObjectMapper().readTree(out);
    }

    private static boolean scipyAvailable() {
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import numpy, scipy.ndimage").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
