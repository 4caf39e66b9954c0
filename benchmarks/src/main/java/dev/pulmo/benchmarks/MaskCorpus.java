package dev.pulmo.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.geometry.BinaryMask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A corpus written by {@code ../shared/bench/gen_masks.py}: {@code NAME.raw} (row-major 0/1 bytes, mask i at
 * offset i·H·W) described by {@code index.json}, whose SHA-256 is checked so that Java times the very bytes the
 * peers timed. The folder comes from the system property {@code pulmo.bench.data}.
 */
final class MaskCorpus {
    private MaskCorpus() {
    }

    static BinaryMask[] load(String name) {
        String folder = System.getProperty("pulmo.bench.data");
        if (folder == null) {
            throw new IllegalStateException("set -Dpulmo.bench.data=<folder of gen_masks.py output>");
        }
        Path dir = Paths.get(folder);
        try {
            JsonNode corpus = new ObjectMapper().readTree(dir.resolve("index.json").toFile()).get("corpora").get(name);
            if (corpus == null) {
                throw new IllegalStateException(dir + "/index.json has no corpus " + name);
            }
            int width = corpus.get("width").asInt(), height = corpus.get("height").asInt();
            byte[] raw = Files.readAllBytes(dir.resolve(corpus.get("raw").asText()));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
            if (!sha.equals(corpus.get("raw_sha256").asText())) {
                throw new IllegalStateException(name + ".raw: SHA-256 " + sha + " differs from index.json");
            }
            int pixels = width * height;
            BinaryMask[] masks = new BinaryMask[raw.length / pixels];
            for (int i = 0; i < masks.length; i++) {
                masks[i] = BinaryMask.fromBytes(Arrays.copyOfRange(raw, i * pixels, (i + 1) * pixels), width, height);
            }
            return masks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
