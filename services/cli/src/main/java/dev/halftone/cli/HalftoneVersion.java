package dev.halftone.cli;

import picocli.CommandLine;

/** {@code halftone --version}: the version from the jar's manifest, or "development" when run from classes. */
public final class HalftoneVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        var version = HalftoneVersion.class.getPackage().getImplementationVersion();
        return new String[]{"halftone " + (version == null ? "development" : version) + ", Java " + Runtime.version()};
    }
}
