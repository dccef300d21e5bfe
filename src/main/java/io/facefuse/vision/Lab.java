package io.facefuse.vision;

/**
 * sRGB and CIE L*a*b* (D65), the perceptual space in which skin colour is measured and moved:
 * a distance in Lab is close to how different two colours look.
 */
public final class Lab {

    private static final double XN = 0.95047;
    private static final double YN = 1.0;
    private static final double ZN = 1.08883;
    private static final double[] LINEAR = linearTable();

    private Lab() {
    }

    public static double[] fromRgb(int r, int g, int b) {
        double lr = LINEAR[r];
        double lg = LINEAR[g];
        double lb = LINEAR[b];
        double x = (0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb) / XN;
        double y = (0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb) / YN;
        double z = (0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb) / ZN;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[]{116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    /** Back to sRGB bytes, clamped to the gamut. */
    public static int[] toRgb(double l, double a, double b) {
        double fy = (l + 16) / 116;
        double fx = fy + a / 500;
        double fz = fy - b / 200;
        double x = XN * inverse(fx);
        double y = YN * inverse(fy);
        double z = ZN * inverse(fz);
        double lr = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double lg = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double lb = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return new int[]{encode(lr), encode(lg), encode(lb)};
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    private static double inverse(double t) {
        double cube = t * t * t;
        return cube > 216.0 / 24389 ? cube : (116 * t - 16) * 27 / 24389;
    }

    private static int encode(double linear) {
        double v = linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
        return (int) Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    private static double[] linearTable() {
        double[] table = new double[256];
        for (int i = 0; i < 256; i++) {
            double v = i / 255.0;
            table[i] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return table;
    }
}
