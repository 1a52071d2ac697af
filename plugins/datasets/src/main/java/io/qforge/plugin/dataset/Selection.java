package io.qforge.plugin.dataset;

import io.qforge.api.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Which samples of a dataset a request gets: a class subset relabelled to 0..k-1 (names kept, in
 * the order the config lists them), then, for training, at most n samples per class drawn with
 * the seed, and finally an order shuffled with the seed.
 */
final class Selection {

    /** Original labels of the chosen classes, in new-label order. */
    final List<Integer> classes;
    final List<String> names;

    private Selection(List<Integer> classes, List<String> names) {
        this.classes = classes;
        this.names = names;
    }

    static Selection of(Optional<List<Object>> requested, List<String> allNames, String path) {
        if (requested.isEmpty()) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < allNames.size(); i++) {
                all.add(i);
            }
            return new Selection(all, List.copyOf(allNames));
        }
        List<Integer> chosen = new ArrayList<>();
        for (Object o : requested.get()) {
            int index = o instanceof Integer i ? i : allNames.indexOf((String) o);
            if (index < 0 || index >= allNames.size()) {
                throw new InvalidInputException(path, "has " + (o instanceof String ? "'" + o + "'" : o) + ", which is not a class. Allowed: 0 to "
                        + (allNames.size() - 1) + ", or one of " + allNames);
            }
            if (chosen.contains(index)) {
                throw new InvalidInputException(path, "lists class " + allNames.get(index) + " twice");
            }
            chosen.add(index);
        }
        List<String> names = chosen.stream().map(allNames::get).toList();
        return new Selection(List.copyOf(chosen), names);
    }

    /**
     * The indices (into the source) of the chosen samples, relabelled, at most {@code perClass}
     * of each class, in an order shuffled with {@code seed}. Returns [source index, new label] pairs.
     */
    List<int[]> pick(int[] sourceLabels, Optional<Integer> perClass, long seed) {
        Map<Integer, Integer> newLabel = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            newLabel.put(classes.get(i), i);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < sourceLabels.length; i++) {
            Integer l = newLabel.get(sourceLabels[i]);
            if (l != null) {
                byClass.get(l).add(i);
            }
        }
        Random random = new Random(seed);
        List<int[]> out = new ArrayList<>();
        for (int label = 0; label < byClass.size(); label++) {
            List<Integer> members = byClass.get(label);
            if (perClass.isPresent() && members.size() > perClass.get()) {
                Collections.shuffle(members, random);
                members = members.subList(0, perClass.get());
                Collections.sort(members);
            }
            for (int i : members) {
                out.add(new int[] {i, label});
            }
        }
        Collections.shuffle(out, new Random(seed ^ 0x5DEECE66DL));
        return out;
    }
}
