package dev.halftone.tinymodel;

/** JSON string literals for the manifests this module writes (kernels carry no JSON library). */
final class JsonText {
    private JsonText() {
    }

    /** {@code value} as a quoted JSON string, escaping quotes, backslashes and control characters. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
