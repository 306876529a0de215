package dev.halftone.tinymodel;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps only the lettering of a text image, as black on white, so that Tesseract's single-line mode does not read
 * the edges of boards, labels and walls as characters. Blind to the prompt: the ground is one of the two most
 * common colours of the middle rows; pixels far from it (Otsu threshold on the colour distance) are ink; ink components that touch the image edge (walls, grounds around a label), enclose
 * another component (frames) or are taller than any lettering (boards, labels) are dropped, as are specks.
 */
final class InkIsolation {
    private static final int MIDDLE_ROWS = 16;
    private static final int MIN_THRESHOLD = 32;
    private static final int MIN_COMPONENT_PIXELS = 4;
    private static final int DISTINCT_GROUND_DISTANCE = 64;
    /** Lettering stays under 0.55 of the image height (the renderer's largest caps); boards and labels do not. */
    private static final double MAX_GLYPH_HEIGHT_SHARE = 0.6;

    private InkIsolation() {
    }

    /** A same-size image: kept ink black, everything else white. */
    static BufferedImage isolate(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
        boolean[] best = new boolean[rgb.length];
        int bestCount = -1;
        for (int ground : groundCandidates(rgb, width, height)) {
            boolean[] kept = keptInk(rgb, width, height, ground);
            int count = 0;
            for (boolean pixel : kept) {
                count += pixel ? 1 : 0;
            }
            if (count > bestCount) {
                best = kept;
                bestCount = count;
            }
        }
        int[] pixels = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            pixels[i] = best[i] ? 0x000000 : 0xFFFFFF;
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, width, height, pixels, 0, width);
        return out;
    }

    /**
     * The two most common colours of the middle rows (16 levels a channel; the mean of the pixels in the bin),
     * the second only if it differs clearly from the first. Large bold text can outnumber its ground there; taken
     * as ground, ink leaves only the counters of its letters, so the candidate keeping more ink wins.
     */
    private static List<Integer> groundCandidates(int[] rgb, int width, int height) {
        int top = Math.max(0, height / 2 - MIDDLE_ROWS / 2);
        int bottom = Math.min(height, top + MIDDLE_ROWS);
        long[] count = new long[4096];
        long[][] sum = new long[4096][3];
        for (int y = top; y < bottom; y++) {
            for (int x = 0; x < width; x++) {
                int colour = rgb[y * width + x];
                int bin = ((colour >>> 20) & 0xF) << 8 | ((colour >>> 12) & 0xF) << 4 | ((colour >>> 4) & 0xF);
                count[bin]++;
                sum[bin][0] += (colour >>> 16) & 0xFF;
                sum[bin][1] += (colour >>> 8) & 0xFF;
                sum[bin][2] += colour & 0xFF;
            }
        }
        Integer[] bins = new Integer[count.length];
        for (int i = 0; i < bins.length; i++) {
            bins[i] = i;
        }
        Arrays.sort(bins, (a, b) -> Long.compare(count[b], count[a]));
        List<Integer> candidates = new ArrayList<>();
        for (Integer bin : bins) {
            if (count[bin] == 0 || candidates.size() == 2) {
                break;
            }
            int colour = (int) (sum[bin][0] / count[bin]) << 16 | (int) (sum[bin][1] / count[bin]) << 8
                    | (int) (sum[bin][2] / count[bin]);
            if (candidates.stream().allMatch(c -> colourDistance(c, colour) > DISTINCT_GROUND_DISTANCE)) {
                candidates.add(colour);
            }
        }
        return candidates;
    }

    /** Ink against one ground colour, less components on the image edge, enclosing others, too tall or too small. */
    private static boolean[] keptInk(int[] rgb, int width, int height, int ground) {
        int[] distance = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            distance[i] = colourDistance(rgb[i], ground);
        }
        int threshold = Math.max(MIN_THRESHOLD, otsuThreshold(distance));
        boolean[] ink = new boolean[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            ink[i] = distance[i] > threshold;
        }
        List<Component> components = components(ink, width, height);
        boolean[] kept = new boolean[rgb.length];
        for (Component component : components) {
            boolean touchesEdge = component.left == 0 || component.top == 0 || component.right == width - 1
                    || component.bottom == height - 1;
            boolean encloses = components.stream().anyMatch(other -> other != component && component.encloses(other));
            boolean taller = component.bottom - component.top + 1 > MAX_GLYPH_HEIGHT_SHARE * height;
            if (!touchesEdge && !encloses && !taller && component.pixels.size() >= MIN_COMPONENT_PIXELS) {
                for (int index : component.pixels) {
                    kept[index] = true;
                }
            }
        }
        return kept;
    }

    /** Euclidean distance in RGB, rounded down. */
    private static int colourDistance(int a, int b) {
        int dr = ((a >>> 16) & 0xFF) - ((b >>> 16) & 0xFF);
        int dg = ((a >>> 8) & 0xFF) - ((b >>> 8) & 0xFF);
        int db = (a & 0xFF) - (b & 0xFF);
        return (int) Math.sqrt(dr * dr + dg * dg + db * db);
    }

    /** Otsu's threshold over distances 0..442: values above it are the upper class. */
    private static int otsuThreshold(int[] values) {
        int bins = 443;
        long[] histogram = new long[bins];
        for (int value : values) {
            histogram[value]++;
        }
        double total = values.length;
        double sumAll = 0;
        for (int v = 0; v < bins; v++) {
            sumAll += v * (double) histogram[v];
        }
        double sumBelow = 0;
        long countBelow = 0;
        double bestVariance = -1;
        int best = 0;
        for (int v = 0; v < bins; v++) {
            countBelow += histogram[v];
            sumBelow += v * (double) histogram[v];
            long countAbove = values.length - countBelow;
            if (countBelow == 0 || countAbove == 0) {
                continue;
            }
            double meanBelow = sumBelow / countBelow;
            double meanAbove = (sumAll - sumBelow) / countAbove;
            double variance = countBelow / total * (countAbove / total) * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (variance > bestVariance) {
                bestVariance = variance;
                best = v;
            }
        }
        return best;
    }

    /** An 8-connected set of ink pixels with its bounding box (inclusive). */
    private static final class Component {
        final List<Integer> pixels = new ArrayList<>();
        int left = Integer.MAX_VALUE;
        int top = Integer.MAX_VALUE;
        int right = -1;
        int bottom = -1;

        void add(int index, int x, int y) {
            pixels.add(index);
            left = Math.min(left, x);
            top = Math.min(top, y);
            right = Math.max(right, x);
            bottom = Math.max(bottom, y);
        }

        /** Whether the other's box lies strictly inside this box. */
        boolean encloses(Component other) {
            return left < other.left && right > other.right && top < other.top && bottom > other.bottom;
        }
    }

    private static List<Component> components(boolean[] ink, int width, int height) {
        int[] label = new int[ink.length];
        Arrays.fill(label, -1);
        List<Component> components = new ArrayList<>();
        int[] stack = new int[ink.length];
        for (int start = 0; start < ink.length; start++) {
            if (!ink[start] || label[start] >= 0) {
                continue;
            }
            Component component = new Component();
            int size = 0;
            stack[size++] = start;
            label[start] = components.size();
            while (size > 0) {
                int index = stack[--size];
                int x = index % width;
                int y = index / width;
                component.add(index, x, y);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
                            continue;
                        }
                        int neighbour = ny * width + nx;
                        if (ink[neighbour] && label[neighbour] < 0) {
                            label[neighbour] = components.size();
                            stack[size++] = neighbour;
                        }
                    }
                }
            }
            components.add(component);
        }
        return components;
    }
}
