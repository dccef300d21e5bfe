package io.facefuse.labelling;

import com.fasterxml.jackson.annotation.JsonValue;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The conspicuous label of GB 45438-2025 chapter 5 drawn into the pixels: "AI生成" (or an English
 * text) in a corner, its glyphs at least 5% of the image's shorter side tall, white with a dark
 * outline on a translucent dark plate, so it stays legible on any background. The font ships with
 * facefuse ({@code fonts/}), so the label looks the same on every machine.
 */
public final class VisibleLabel {

    /** Text height as a share of the shorter side: the standard's floor, with a little room. */
    static final double TEXT_HEIGHT_RATIO = 0.055;

    private static final Font FONT = loadFont();

    public enum Corner {
        TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Corner fromWire(String value) {
            for (Corner corner : values()) {
                if (corner.wireName().equals(value)) {
                    return corner;
                }
            }
            return null;
        }
    }

    public enum Language {
        ZH("AI生成"), EN("AI-generated");

        private final String text;

        Language(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Language fromWire(String value) {
            for (Language language : values()) {
                if (language.wireName().equals(value)) {
                    return language;
                }
            }
            return null;
        }
    }

    /** Where the label went, in image pixels: the plate and the glyphs' own bounds. */
    public record Placement(Rectangle plate, Rectangle text) {
    }

    private VisibleLabel() {
    }

    /** Draws the label into {@code image} (changed in place) and says where. */
    public static Placement draw(BufferedImage image, Language language, Corner corner) {
        int shorter = Math.min(image.getWidth(), image.getHeight());
        double targetHeight = Math.max(8, Math.ceil(shorter * TEXT_HEIGHT_RATIO));
        FontRenderContext frc = new FontRenderContext(new AffineTransform(), true, true);
        // scale the font until the drawn glyphs, not the em box, reach the target height
        GlyphVector probe = FONT.deriveFont(100f).createGlyphVector(frc, language.text());
        double probeHeight = probe.getVisualBounds().getHeight();
        Font font = FONT.deriveFont((float) (100 * targetHeight / probeHeight));
        GlyphVector glyphs = font.createGlyphVector(frc, language.text());
        Rectangle2D bounds = glyphs.getVisualBounds();

        double pad = bounds.getHeight() * 0.35;
        double margin = Math.max(2, shorter * 0.02);
        double plateW = bounds.getWidth() + 2 * pad;
        double plateH = bounds.getHeight() + 2 * pad;
        boolean right = corner == Corner.TOP_RIGHT || corner == Corner.BOTTOM_RIGHT;
        boolean bottom = corner == Corner.BOTTOM_LEFT || corner == Corner.BOTTOM_RIGHT;
        double plateX = right ? image.getWidth() - margin - plateW : margin;
        double plateY = bottom ? image.getHeight() - margin - plateH : margin;
        double textX = plateX + pad - bounds.getX();
        double textY = plateY + pad - bounds.getY();

        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.55f));
            g.setColor(Color.BLACK);
            g.fill(new RoundRectangle2D.Double(plateX, plateY, plateW, plateH, pad, pad));
            g.setComposite(AlphaComposite.SrcOver);
            Shape outline = glyphs.getOutline((float) textX, (float) textY);
            g.setStroke(new BasicStroke((float) Math.max(1, bounds.getHeight() * 0.08),
                    BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setColor(new Color(0, 0, 0, 200));
            g.draw(outline);
            g.setColor(Color.WHITE);
            g.fill(outline);
        } finally {
            g.dispose();
        }
        Rectangle plate = new Rectangle2D.Double(plateX, plateY, plateW, plateH).getBounds();
        Rectangle text = new Rectangle2D.Double(textX + bounds.getX(), textY + bounds.getY(), bounds.getWidth(),
                bounds.getHeight()).getBounds();
        return new Placement(plate, text);
    }

    private static Font loadFont() {
        try (InputStream in = VisibleLabel.class.getResourceAsStream("/fonts/facefuse-label.ttf")) {
            if (in == null) {
                throw new IOException("fonts/facefuse-label.ttf is missing from the classpath");
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("the label font is not a TrueType font", e);
        }
    }
}
