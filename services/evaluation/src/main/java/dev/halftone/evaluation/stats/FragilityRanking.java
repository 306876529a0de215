package dev.halftone.evaluation.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Layers ranked by fragility = mean kurtosis x max |x| over the profiled trajectory, most fragile first, and the
 * ranking's stability: Spearman's rho between the scores of the early and the late half of the steps (paper §3).
 * With an odd number of steps the late half gets the middle step: early = [0, T/2), late = [T/2, T).
 */
public record FragilityRanking(List<Entry> entries, double earlyLateSpearman) {

    /** One layer's rank (1 = most fragile) and scores over all steps and each half. */
    public record Entry(int rank, String layer, double fragility, double earlyFragility, double lateFragility) {
    }

    public FragilityRanking {
        entries = List.copyOf(entries);
    }

    public static FragilityRanking of(List<LayerTrace> traces) {
        if (traces.size() < 2) {
            throw new IllegalArgumentException("a fragility ranking needs at least 2 layers, got " + traces.size());
        }
        int steps = traces.getFirst().steps();
        Set<String> names = new HashSet<>();
        for (LayerTrace trace : traces) {
            if (trace.steps() != steps) {
                throw new IllegalArgumentException("layer " + trace.layer() + " has " + trace.steps()
                        + " steps, layer " + traces.getFirst().layer() + " has " + steps);
            }
            if (!names.add(trace.layer())) {
                throw new IllegalArgumentException("layer " + trace.layer() + " appears twice in the profile");
            }
        }
        int half = steps / 2;
        List<Entry> unranked = new ArrayList<>();
        double[] early = new double[traces.size()];
        double[] late = new double[traces.size()];
        for (int i = 0; i < traces.size(); i++) {
            LayerTrace trace = traces.get(i);
            early[i] = trace.fragility(0, half);
            late[i] = trace.fragility(half, steps);
            unranked.add(new Entry(0, trace.layer(), trace.fragility(0, steps), early[i], late[i]));
        }
        // most fragile first; equal scores keep the profile's layer order
        unranked.sort(Comparator.comparingDouble(Entry::fragility).reversed());
        List<Entry> ranked = new ArrayList<>();
        for (int i = 0; i < unranked.size(); i++) {
            Entry entry = unranked.get(i);
            ranked.add(new Entry(i + 1, entry.layer(), entry.fragility(), entry.earlyFragility(), entry.lateFragility()));
        }
        return new FragilityRanking(ranked, Spearman.correlation(early, late));
    }

    /** The names of the k most fragile layers: the protection set of a top-k ladder rung. */
    public List<String> top(int k) {
        return entries.subList(0, Math.min(k, entries.size())).stream().map(Entry::layer).toList();
    }
}
