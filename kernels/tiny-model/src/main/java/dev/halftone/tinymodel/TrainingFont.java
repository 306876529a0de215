package dev.halftone.tinymodel;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The typefaces of the training renders: bold sans faces from three Debian font packages, loaded from their
 * installed files (not by family name) so that a render never silently falls back to another face.
 */
public enum TrainingFont {
    DEJAVU_SANS_BOLD("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "fonts-dejavu-core"),
    LIBERATION_SANS_BOLD("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf", "fonts-liberation"),
    FREE_SANS_BOLD("/usr/share/fonts/truetype/freefont/FreeSansBold.ttf", "fonts-freefont-ttf");

    private final Path file;
    private final String debianPackage;

    TrainingFont(String file, String debianPackage) {
        this.file = Path.of(file);
        this.debianPackage = debianPackage;
    }

    public Path file() {
        return file;
    }

    /** The Debian package that installs {@link #file()}. */
    public String debianPackage() {
        return debianPackage;
    }

    /** The face (at 1 pt: derive sizes from it); fails naming the package to install when the file is missing. */
    public Font load() {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("font " + file + " is missing: apt-get install " + debianPackage);
        }
        try {
            return Font.createFont(Font.TRUETYPE_FONT, file.toFile());
        } catch (FontFormatException e) {
            throw new IllegalStateException("font " + file + " is not a TrueType file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
