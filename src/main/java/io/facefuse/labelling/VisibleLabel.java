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

    /** Where the label goes on an image of this size: the plate, and the glyph outlines. */
    private record Layout(RoundRectangle2D plate, Shape glyphs, Rectangle2D textBounds, double textHeight) {
    }

    private static Layout layout(int width, int height, Language language, Corner corner) {
        int shorter = Math.min(width, height);
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
        double plateX = right ? width - margin - plateW : margin;
        double plateY = bottom ? height - margin - plateH : margin;
        double textX = plateX + pad - bounds.getX();
        double textY = plateY + pad - bounds.getY();
        Rectangle2D text = new Rectangle2D.Double(textX + bounds.getX(), textY + bounds.getY(), bounds.getWidth(),
                bounds.getHeight());
        return new Layout(new RoundRectangle2D.Double(plateX, plateY, plateW, plateH, pad, pad),
                glyphs.getOutline((float) textX, (float) textY), text, bounds.getHeight());
    }

    /** Draws the label into {@code image} (changed in place) and says where. */
    public static Placement draw(BufferedImage image, Language language, Corner corner) {
        Layout layout = layout(image.getWidth(), image.getHeight(), language, corner);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.55f));
            g.setColor(Color.BLACK);
            g.fill(layout.plate());
            g.setComposite(AlphaComposite.SrcOver);
            g.setStroke(new BasicStroke((float) Math.max(1, layout.textHeight() * 0.08),
                    BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setColor(new Color(0, 0, 0, 200));
            g.draw(layout.glyphs());
            g.setColor(Color.WHITE);
            g.fill(layout.glyphs());
        } finally {
            g.dispose();
        }
        return new Placement(layout.plate().getBounds(), layout.textBounds().getBounds());
    }

    /** Draws {@code logo} scaled into {@code area} of {@code image}, keeping its aspect ratio, centred. */
    public static void drawLogo(BufferedImage image, BufferedImage logo, Rectangle area) {
        double scale = Math.min(area.width / (double) logo.getWidth(), area.height / (double) logo.getHeight());
        int w = Math.max(1, (int) Math.round(logo.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(logo.getHeight() * scale));
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(logo, area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h, null);
        } finally {
            g.dispose();
        }
    }

    /** What {@link #find} saw: the label's corner and language, or nothing. */
    public record Found(Corner corner, Language language) {
    }

    /**
     * Looks for facefuse's own visible label where it would have been drawn (best effort: it finds
     * the label on the image as labelled, re-encoded or scaled, not after cropping or editing).
     * The glyphs must be bright and the plate around them dark.
     */
    public static Found find(BufferedImage image) {
        for (Language language : Language.values()) {
            for (Corner corner : Corner.values()) {
                Layout layout = layout(image.getWidth(), image.getHeight(), language, corner);
                double[] contrast = contrast(image, layout);
                if (contrast[0] > 170 && contrast[1] < 125 && contrast[0] - contrast[1] > 80) {
                    return new Found(corner, language);
                }
            }
        }
        return null;
    }

    /** Mean luma of the pixels well inside the glyphs, and of the plate pixels well away from them. */
    private static double[] contrast(BufferedImage image, Layout layout) {
        Rectangle area = layout.plate().getBounds().intersection(new Rectangle(image.getWidth(), image.getHeight()));
        BasicStroke edge = new BasicStroke((float) Math.max(1.5, layout.textHeight() * 0.05));
        Shape nearEdge = edge.createStrokedShape(layout.glyphs());
        double inside = 0;
        double outside = 0;
        int insideCount = 0;
        int outsideCount = 0;
        for (int y = area.y; y < area.y + area.height; y++) {
            for (int x = area.x; x < area.x + area.width; x++) {
                double px = x + 0.5;
                double py = y + 0.5;
                if (nearEdge.contains(px, py)) {
                    continue; // antialiasing and outline blur the glyph edges: judge clear pixels only
                }
                int rgb = image.getRGB(x, y);
                double luma = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                if (layout.glyphs().contains(px, py)) {
                    inside += luma;
                    insideCount++;
                } else if (layout.plate().contains(px, py)) {
                    outside += luma;
                    outsideCount++;
                }
            }
        }
        if (insideCount == 0 || outsideCount == 0) {
            return new double[]{0, 255};
        }
        return new double[]{inside / insideCount, outside / outsideCount};
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
