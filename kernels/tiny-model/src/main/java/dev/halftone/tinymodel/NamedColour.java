package dev.halftone.tinymodel;

import java.awt.Color;

/** The colours that training prompts name, each with the one sRGB value its renders use. */
public enum NamedColour {
    RED("red", 214, 32, 32),
    GREEN("green", 24, 140, 48),
    BLUE("blue", 32, 72, 204),
    YELLOW("yellow", 250, 212, 32),
    ORANGE("orange", 244, 128, 24),
    PURPLE("purple", 128, 40, 160),
    BLACK("black", 16, 16, 16),
    WHITE("white", 248, 248, 248),
    GREY("grey", 128, 128, 128),
    LIGHT_BLUE("light blue", 150, 200, 240);

    private final String promptName;
    private final Color color;

    NamedColour(String promptName, int red, int green, int blue) {
        this.promptName = promptName;
        this.color = new Color(red, green, blue);
    }

    /** The words a prompt uses for this colour. */
    public String promptName() {
        return promptName;
    }

    /** The colour after an indefinite article: "an orange", "a red". */
    public String withArticle() {
        return ("aeiou".indexOf(promptName.charAt(0)) >= 0 ? "an " : "a ") + promptName;
    }

    public Color color() {
        return color;
    }
}
