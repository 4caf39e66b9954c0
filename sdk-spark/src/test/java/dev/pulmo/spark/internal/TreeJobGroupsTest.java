package dev.pulmo.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.plugin.CaseClass;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How series are grouped into partitions: contiguous, never split, by image count, and no larger than the cap. */
class TreeJobGroupsTest {

    private static SeriesTask series(long order, int images) {
        List<SeriesTask.Image> list = IntStream.rangeClosed(1, images)
                .mapToObj(i -> new SeriesTask.Image(Integer.toString(i), "/t/" + order + "/" + i + ".dcm", null, new TreeMap<>()))
                .toList();
        return new SeriesTask(order, "CCT", CaseClass.BENIGN, "P" + order, "1", "/t/" + order, list);
    }

    private static List<Integer> sizes(List<List<SeriesTask>> groups) {
        return groups.stream().map(g -> g.stream().mapToInt(SeriesTask::size).sum()).toList();
    }

    private static List<SeriesTask> flattened(List<List<SeriesTask>> groups) {
        List<SeriesTask> all = new ArrayList<>();
        groups.forEach(all::addAll);
        return all;
    }

    @Test
    void groupsOfAboutEqualImageCountsInTheTreesOrder() {
        List<SeriesTask> tree = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tree.add(series(i, i % 3 == 0 ? 300 : 1)); // CT series among single X-ray images: 4 × 300 + 8 = 1,208 images
        }
        List<List<SeriesTask>> groups = TreeJob.groups(tree, 4, 10_000);
        // 302 images a group: each ends with the series that reaches it
        assertThat(sizes(groups)).containsExactly(302, 302, 302, 302);
        assertThat(flattened(groups)).containsExactlyElementsOf(tree);
    }

    @Test
    void theCapBoundsAGroupButNeverSplitsASeries() {
        List<SeriesTask> tree = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            tree.add(series(i, 100));
        }
        tree.add(series(25, 1_500));
        // 4,000 images on 2 partitions would be 2,000 a group; the cap makes it 1,000, and the last group ends with the
        // series that reaches 1,000: 5 × 100 and the series of 1,500, whole
        List<List<SeriesTask>> groups = TreeJob.groups(tree, 2, 1_000);
        assertThat(sizes(groups)).containsExactly(1_000, 1_000, 500 + 1_500);
        assertThat(flattened(groups)).containsExactlyElementsOf(tree);
        assertThat(TreeJob.groups(List.of(), 8, 1_000)).isEmpty();
    }
}
