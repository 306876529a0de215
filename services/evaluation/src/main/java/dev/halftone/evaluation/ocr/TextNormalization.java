package dev.halftone.evaluation.ocr;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How an OCR reading and its target are made comparable before exact match and NED: Unicode NFKC (so ligatures
 * and full-width forms read as plain letters), upper case (Locale.ROOT; generated lettering is often all caps and
 * case is not what the benchmark tests), and whitespace trimmed at both ends with every inner run of whitespace
 * (spaces, tabs, line breaks) collapsed to one space. Punctuation and digits are kept: a sign that must say
 * "OPEN 24 HOURS" does not say "OPEN 24HOURS".
 */
public final class TextNormalization {

    private TextNormalization() {
    }

    public static String normalize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT);
        return folded.strip().replaceAll("\\s+", " ");
    }
}
