package io.facefuse.labelling;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The visible label: big enough, in the asked corner, legible on light and dark, pixels changed there only. */
class VisibleLabelTest {

    @Test
    void theTextIsAtLeastFivePercentOfTheShorterSideInTheBottomRightByDefault() throws IOException {
        BufferedImage photo = photo("sample1");
        BufferedImage original = copy(photo);
        VisibleLabel.Placement placement = VisibleLabel.draw(photo, VisibleLabel.Language.ZH, VisibleLabel.Corner.BOTTOM_RIGHT);
        int shorter = Math.min(photo.getWidth(), photo.getHeight());
        assertTrue(placement.text().height >= 0.05 * shorter, "text height " + placement.text().height + " of " + shorter);
        Rectangle plate = placement.plate();
        assertTrue(plate.x + plate.width <= photo.getWidth() && plate.x > photo.getWidth() / 2, "right side: " + plate);
        assertTrue(plate.y + plate.height <= photo.getHeight() && plate.y > photo.getHeight() / 2, "bottom: " + plate);
        // nothing outside the plate changed
        for (int y = 0; y < photo.getHeight(); y += 7) {
            for (int x = 0; x < photo.getWidth(); x += 7) {
                if (!plate.contains(x, y)) {
                    assertEquals(original.getRGB(x, y), photo.getRGB(x, y), "pixel " + x + "," + y);
                }
            }
        }
        Files.createDirectories(Path.of("target/labels"));
        ImageIO.write(photo, "png", Path.of("target/labels/visible-zh.png").toFile());
    }

    @Test
    void itIsLegibleOnWhiteAndOnBlack() {
        for (Color background : new Color[]{Color.WHITE, Color.BLACK}) {
            BufferedImage image = flat(640, 480, background);
            VisibleLabel.Placement placement = VisibleLabel.draw(image, VisibleLabel.Language.EN, VisibleLabel.Corner.TOP_LEFT);
            Rectangle text = placement.text();
            int bright = 0;
            int dark = 0;
            for (int y = text.y; y < text.y + text.height; y++) {
                for (int x = text.x; x < text.x + text.width; x++) {
                    int luma = luma(image.getRGB(x, y));
                    bright += luma > 200 ? 1 : 0;
                    dark += luma < 60 ? 1 : 0;
                }
            }
            // white glyphs against a dark plate or outline, whatever lies beneath
            assertTrue(bright > 50 && dark > 50, background + ": bright " + bright + ", dark " + dark);
            assertTrue(text.x < 320 && text.y < 240, "top-left: " + text);
        }
    }

    @Test
    void everyCornerIsHonoured() {
        for (VisibleLabel.Corner corner : VisibleLabel.Corner.values()) {
            BufferedImage image = flat(800, 600, Color.GRAY);
            Rectangle plate = VisibleLabel.draw(image, VisibleLabel.Language.ZH, corner).plate();
            boolean right = plate.getCenterX() > 400;
            boolean bottom = plate.getCenterY() > 300;
            assertEquals(corner.wireName().endsWith("right"), right, corner.wireName());
            assertEquals(corner.wireName().startsWith("bottom"), bottom, corner.wireName());
        }
    }

    @Test
    void theLabelIsFoundOnLabelledImagesEvenAfterJpegAndScalingAndNotOnOthers() throws IOException {
        for (String name : new String[]{"sample1", "sample2", "sample3", "sample4", "sample5", "sample6"}) {
            BufferedImage photo = photo(name);
            assertEquals(null, VisibleLabel.find(photo), name + " has no label yet");
            VisibleLabel.Corner corner = VisibleLabel.Corner.values()[name.hashCode() & 3];
            VisibleLabel.draw(photo, VisibleLabel.Language.ZH, corner);
            assertEquals(new VisibleLabel.Found(corner, VisibleLabel.Language.ZH), VisibleLabel.find(photo), name);
            // re-encoded at JPEG quality 0.7 and scaled to half
            java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
            ImageIO.write(photo, "jpg", jpeg);
            BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(jpeg.toByteArray()));
            BufferedImage half = new BufferedImage(decoded.getWidth() / 2, decoded.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
            var g = half.createGraphics();
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(decoded, 0, 0, half.getWidth(), half.getHeight(), null);
            g.dispose();
            assertEquals(corner, VisibleLabel.find(half).corner(), name + " scaled");
        }
    }

    @Test
    void tinyImagesStillGetALabelInside() {
        BufferedImage image = flat(64, 48, Color.WHITE);
        Rectangle plate = VisibleLabel.draw(image, VisibleLabel.Language.ZH, VisibleLabel.Corner.BOTTOM_RIGHT).plate();
        assertTrue(plate.x >= 0 && plate.y >= 0, plate.toString());
    }

    static BufferedImage photo(String name) throws IOException {
        try (InputStream in = VisibleLabelTest.class.getResourceAsStream("/photos/" + name + ".jpg")) {
            return ImageIO.read(in);
        }
    }

    static BufferedImage copy(BufferedImage image) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        copy.getGraphics().drawImage(image, 0, 0, null);
        return copy;
    }

    private static BufferedImage flat(int w, int h, Color color) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return image;
    }

    private static int luma(int rgb) {
        return (int) (0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff));
    }
}
