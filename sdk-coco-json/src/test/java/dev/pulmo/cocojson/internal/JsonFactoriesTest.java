package dev.pulmo.cocojson.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The factory's number reading gives the doubles {@link Double#parseDouble} gives, for any decimal text. */
class JsonFactoriesTest {

    @Test
    void decimalNumbersReadAsDoubleParseDoubleReadsThem() throws Exception {
        Random random = new Random(11);
        List<String> texts = new ArrayList<>(List.of("0.0", "-0.0", "145.0", "0.1", "1e-7", "4.9E-324", "2.2250738585072014E-308",
                "1.7976931348623157E308", "1e400", "-1e400", "9007199254740993.0", "0.30000000000000004",
                "123456789012345678901234567890.5", "1.00000000000000011102230246251565404236316680908203125"));
        for (int i = 0; i < 20_000; i++) {
            texts.add(switch (random.nextInt(4)) {
                case 0 -> Double.toString(Double.longBitsToDouble(random.nextLong()) % 1e9);
                case 1 -> random.nextInt(10_000) + "." + random.nextInt(10);
                case 2 -> (random.nextBoolean() ? "-" : "") + random.nextInt(1000) + "." + Long.toString(Math.abs(random.nextLong()))
                        + "e" + (random.nextInt(80) - 40);
                default -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            });
        }
        texts.removeIf(t -> t.contains("NaN") || t.contains("Infinity"));
        String json = "[" + String.join(",", texts) + "]";
        List<Double> read = new ArrayList<>();
        try (JsonParser p = JsonFactories.FACTORY.createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    read.add(p.getDoubleValue());
                }
            }
        }
        assertThat(read).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(Double.doubleToRawLongBits(read.get(i))).as(texts.get(i))
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(texts.get(i))));
        }
    }
}
