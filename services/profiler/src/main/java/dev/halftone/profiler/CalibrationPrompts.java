package dev.halftone.profiler;

import java.util.List;

/** The calibration prompt set, disjoint from every evaluation set (paper §4: no calibrate-on-eval leakage). */
public interface CalibrationPrompts {

    List<String> first(int count);
}
