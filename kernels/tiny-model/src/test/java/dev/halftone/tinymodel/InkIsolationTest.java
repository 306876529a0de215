package dev.halftone.tinymodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class InkIsolationTest {
    @Test
    void keepsLargeDarkLetteringOnAWhiteLabelAndDropsTheGroundAndFrame() {
        BufferedImage image = new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 30, 30));
        g.fillRect(0, 0, 128, 64);
        g.setColor(Color.WHITE);
        g.fillRect(6, 6, 116, 52);
        g.setColor(Color.BLACK);
        g.drawRect(8, 8, 111, 47); // a thin frame inside the label
        g.setFont(TrainingFont.DEJAVU_SANS_BOLD.load().deriveFont(40f));
        g.drawString("OLD", 22, 48); // bold caps that cover most of the middle rows
        g.dispose();
        BufferedImage isolated = InkIsolation.isolate(image);
        int inkInside = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 128; x++) {
                boolean ink = (isolated.getRGB(x, y) & 0xFFFFFF) == 0;
                boolean letterArea = x >= 20 && x <= 116 && y >= 12 && y <= 52;
                if (ink) {
                    assertTrue(letterArea, "ink kept outside the lettering at " + x + "," + y);
                    inkInside++;
                }
            }
        }
        assertTrue(inkInside > 500, "only " + inkInside + " ink pixels kept");
        assertEquals(0xFFFFFF, isolated.getRGB(8, 30) & 0xFFFFFF, "frame kept");
    }

    @Test
    void keepsLightLetteringOnADarkBoardAgainstAWall() {
        BufferedImage image = new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(196, 196, 196));
        g.fillRect(0, 0, 128, 64);
        g.setColor(new Color(24, 140, 48));
        g.fillRoundRect(4, 4, 120, 56, 10, 10);
        g.setColor(Color.WHITE);
        g.setFont(TrainingFont.LIBERATION_SANS_BOLD.load().deriveFont(30f));
        g.drawString("EXIT", 30, 43);
        g.dispose();
        BufferedImage isolated = InkIsolation.isolate(image);
        assertEquals(0xFFFFFF, isolated.getRGB(2, 2) & 0xFFFFFF, "wall kept");
        assertEquals(0xFFFFFF, isolated.getRGB(6, 32) & 0xFFFFFF, "board kept");
        int ink = 0;
        for (int p : isolated.getRGB(0, 0, 128, 64, null, 0, 128)) {
            ink += (p & 0xFFFFFF) == 0 ? 1 : 0;
        }
        assertTrue(ink > 300, "only " + ink + " ink pixels kept");
    }
}
