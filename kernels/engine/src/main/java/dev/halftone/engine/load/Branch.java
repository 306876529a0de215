package dev.halftone.engine.load;

/** The two separate-weight copies of the DiT used for classifier-free guidance. */
public enum Branch {
    COND("cond"),
    UNCOND("uncond");

    private final String fileStem;

    Branch(String fileStem) {
        this.fileStem = fileStem;
    }

    /** The file name without extension, {@code cond} or {@code uncond}. */
    public String fileStem() {
        return fileStem;
    }
}
