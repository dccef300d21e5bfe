package io.facefuse.fusion;

import io.facefuse.models.ModelRegistry;
import io.facefuse.models.ModelSpec;
import io.facefuse.models.RgbImage;
import io.facefuse.support.ImageDifference;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Photos;
import io.facefuse.vision.DetectedFace;
import io.facefuse.vision.FaceAnalysis;
import io.facefuse.vision.FaceDetector;
import io.facefuse.vision.FaceMesh;
import io.facefuse.vision.FaceQuality;
import io.facefuse.vision.HandFinder;
import io.facefuse.vision.SkinColour;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Measures fusion quality on user × template pairs from the sample photos, for facefuse's engine and
 * for the classic landmark swap (one similarity transform of the whole face, colour corrected by
 * the ratio of blurred images, feathered mask: the method most open-source swappers use), over a
 * wider set of pairs, and for one man against his other photos, and writes
 * {@code docs/fusion-quality.md}, the contact sheet {@code docs/fusion-contact-sheet.png}, a
 * sheet of the degrees ({@code docs/fusion-degrees.png}) and two users in one template
 * ({@code docs/fusion-two-faces.png}).
 *
 * <pre>./mvnw -q test-compile exec:java@fusion-quality</pre>
 */
public final class FusionQuality {

    private static final String[] USERS = {"sample1", "sample3", "sample5"};
    /** Template photo and which of its faces, largest first. */
    private static final String[][] TEMPLATES = {{"sample6", "0"}, {"sample6", "2"}, {"sample4", "0"}};
    /**
     * The wider set: more users (photo and face, largest first) into more template faces, each user's
     * own photo left out; scored the same way, reported as means per user.
     */
    private static final String[][] WIDER_USERS = {{"sample1", "0"}, {"sample2", "1"}, {"sample3", "0"},
            {"sample4", "1"}, {"sample5", "0"}, {"sample6", "2"}};
    private static final String[][] WIDER_TEMPLATES = {{"sample1", "1"}, {"sample1", "2"}, {"sample2", "1"},
            {"sample3", "1"}, {"sample3", "2"}, {"sample4", "0"}, {"sample4", "2"}, {"sample5", "1"}, {"sample5", "2"},
            {"sample6", "0"}, {"sample6", "1"}, {"sample6", "3"}};
    /** One man in six photos: the first is fused, the others say how much of him, not of that photo, the output keeps. */
    private static final String PERSON = "/photos/person-a/";
    private static final String SUNGLASSES_USER = "sample3";
    /** The face in sunglasses fused the other way, as the user into {@link #SUNGLASSES_USER}'s face. */
    private static final String SUNGLASSES_WEARER = "row3-cell0";
    /** The sunglasses faces, the last with mirrored lenses (not found: they are as light as skin). */
    private static final String[] SUNGLASSES = {"row2-cell1", "row2-cell3", "row2-cell8", "row2-cell15", "row3-cell0",
        "row3-cell7", "row3-cell13"};
    private static final String[] PERSON_OTHERS = {"other-1", "other-2", "other-3", "other-5", "other-8"};
    private static final int CELL = 220;
    /** The degree sheet: one user into one template face, face and profile degrees 0, 50 and 100. */
    private static final String DEGREES_USER = "sample1";
    private static final String[] DEGREES_TEMPLATE = {"sample6", "1"};
    private static final double[] DEGREE_STEPS = {0, 0.5, 1};
    private static final double PROFILE = Double.parseDouble(System.getProperty("profile", "0.5"));

    record Face(RgbImage photo, DetectedFace box, double[] landmarks, FaceQuality.Pose pose) {

        /** Whether moderation's default policy lets the face be fused (from or into): not turned too far. */
        boolean usable() {
            return Math.abs(pose.yaw()) <= MAX_YAW && Math.abs(pose.pitch()) <= MAX_PITCH;
        }
    }

    /** The moderation policy's defaults (application.properties): a face turned further is refused. */
    private static final double MAX_YAW = 45;
    private static final double MAX_PITCH = 40;

    /** What template upload looks for hands with (set once the models are loaded). */
    private static HandFinder hands;

    /**
     * ssim and seam against {@code reference} (the template as the fusion reshaped it), and
     * uploadedSsim against the template as uploaded.
     */
    record Scores(double identity, double templateIdentity, double ssim, double seam, double uploadedSsim) {
    }

    /** The template as the engine reshapes it for a user at a profile degree, and the face outline there. */
    record Reference(RgbImage image, double[] oval) {
    }

    private FusionQuality() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        try (ModelRegistry models = ModelRegistry.load(EnumSet.allOf(ModelSpec.class), Optional.empty())) {
            FaceDetector detector = new FaceDetector(models);
            FaceAnalysis analysis = new FaceAnalysis(models);
            FaceFusionEngine engine = new FaceFusionEngine(models);
            hands = new HandFinder(models);
            StringBuilder table = new StringBuilder();
            List<BufferedImage[]> rows = new ArrayList<>();
            double[] sumOurs = new double[5];
            double[] sumClassic = new double[5];
            for (String userName : USERS) {
                Face user = face(detector, analysis, userName, 0);
                for (String[] t : TEMPLATES) {
                    Face template = face(detector, analysis, t[0], Integer.parseInt(t[1]));
                    Fused pair = fuseBothWays(detector, analysis, engine, user, template);
                    RgbImage ours = pair.ours();
                    RgbImage classic = pair.classic();
                    Scores a = pair.oursScores();
                    Scores b = pair.classicScores();
                    add(sumOurs, a);
                    add(sumClassic, b);
                    table.append(String.format(Locale.ROOT, "| %s → %s#%s | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f | %.1f / %.1f | %.3f / %.3f |%n",
                            userName, t[0], t[1], a.identity(), b.identity(), a.templateIdentity(), b.templateIdentity(),
                            a.ssim(), b.ssim(), a.seam(), b.seam(), a.uploadedSsim(), b.uploadedSsim()));
                    rows.add(new BufferedImage[]{crop(user.photo(), user.box()), crop(template.photo(), template.box()),
                            crop(ours, template.box()), crop(classic, template.box())});
                }
            }
            int n = USERS.length * TEMPLATES.length;
            table.append(String.format(Locale.ROOT, "| **mean** | **%.3f / %.3f** | %.3f / %.3f | %.3f / %.3f | **%.1f / %.1f** | %.3f / %.3f |%n",
                    sumOurs[0] / n, sumClassic[0] / n, sumOurs[1] / n, sumClassic[1] / n, sumOurs[2] / n, sumClassic[2] / n,
                    sumOurs[3] / n, sumClassic[3] / n, sumOurs[4] / n, sumClassic[4] / n));
            String wider = widerSet(detector, analysis, engine);
            String person = otherPhotos(detector, analysis, engine);
            String degrees = degreeSheet(detector, analysis, engine);
            twoFaces(detector, analysis, engine);
            handsSheet(detector, analysis, engine);
            String sunglasses = sunglassesSheet(detector, analysis, engine);
            writeDoc(table.toString(), wider, person, degrees, sunglasses);
            writeSheet(rows, "docs/fusion-contact-sheet.png");
            System.out.print(table);
            System.out.print(wider);
            System.out.print(person);
            System.out.print(degrees);
            System.out.print(sunglasses);
        }
    }

    /** One pair fused by facefuse's engine (face degree 100, the harness's profile degree) and by the classic swap, both scored. */
    record Fused(RgbImage ours, RgbImage classic, Scores oursScores, Scores classicScores) {
    }

    private static Fused fuseBothWays(FaceDetector detector, FaceAnalysis analysis, FaceFusionEngine engine, Face user,
                                      Face template) throws Exception {
        FaceFusionEngine.Degrees degrees = new FaceFusionEngine.Degrees(1, PROFILE);
        RgbImage ours = copy(template.photo());
        fuse(engine, ours, template, user, degrees);
        RgbImage classic = classicSwap(template, user);
        return new Fused(ours, classic,
                scores(detector, analysis, ours, reshaped(template, user, degrees), template, user),
                scores(detector, analysis, classic, reshaped(template, user, new FaceFusionEngine.Degrees(0, 0)), template, user));
    }

    /** The wider set's table: per user, the mean over its template faces, then over all pairs. */
    private static String widerSet(FaceDetector detector, FaceAnalysis analysis, FaceFusionEngine engine) throws Exception {
        StringBuilder table = new StringBuilder();
        double[] allOurs = new double[5];
        double[] allClassic = new double[5];
        int all = 0;
        for (String[] u : WIDER_USERS) {
            Face user = face(detector, analysis, u[0], Integer.parseInt(u[1]));
            double[] ours = new double[5];
            double[] classic = new double[5];
            int n = 0;
            for (String[] t : WIDER_TEMPLATES) {
                Face template = face(detector, analysis, t[0], Integer.parseInt(t[1]));
                if (t[0].equals(u[0]) || !template.usable() || !user.usable()) {
                    continue;
                }
                Fused pair = fuseBothWays(detector, analysis, engine, user, template);
                add(ours, pair.oursScores());
                add(classic, pair.classicScores());
                n++;
            }
            if (n == 0) {
                continue;
            }
            table.append(meanRow(u[0] + "#" + u[1] + " into " + n + " faces", ours, classic, n, false));
            for (int i = 0; i < 5; i++) {
                allOurs[i] += ours[i];
                allClassic[i] += classic[i];
            }
            all += n;
        }
        return table.append(meanRow("all " + all + " pairs", allOurs, allClassic, all, true)).toString();
    }

    /**
     * person-a's first photo into the wider set's template faces; each output's identity against that
     * photo and, mean over them, against his five other photos.
     */
    private static String otherPhotos(FaceDetector detector, FaceAnalysis analysis, FaceFusionEngine engine) throws Exception {
        Face user = face(detector, analysis, RgbImage.of(ImageEdits.read(Photos.resource(PERSON + "enrolled.png"))), 0);
        List<float[]> others = new ArrayList<>();
        for (String name : PERSON_OTHERS) {
            Face other = face(detector, analysis, RgbImage.of(ImageEdits.read(Photos.resource(PERSON + name + ".png"))), 0);
            others.add(analysis.embedding(other.photo(), other.box()));
        }
        StringBuilder table = new StringBuilder();
        double[] sum = new double[4];
        int n = 0;
        for (String[] t : WIDER_TEMPLATES) {
            Face template = face(detector, analysis, t[0], Integer.parseInt(t[1]));
            Fused pair = fuseBothWays(detector, analysis, engine, user, template);
            double ours = meanSimilarity(analysis.embedding(pair.ours(), found(detector, pair.ours(), template)), others);
            double classic = meanSimilarity(analysis.embedding(pair.classic(), found(detector, pair.classic(), template)),
                    others);
            table.append(String.format(Locale.ROOT, "| %s#%s | %.3f / %.3f | %.3f / %.3f |%n", t[0], t[1],
                    pair.oursScores().identity(), pair.classicScores().identity(), ours, classic));
            sum[0] += pair.oursScores().identity();
            sum[1] += pair.classicScores().identity();
            sum[2] += ours;
            sum[3] += classic;
            n++;
        }
        float[] enrolled = analysis.embedding(user.photo(), user.box());
        return table.append(String.format(Locale.ROOT, "| **mean** | **%.3f / %.3f** | **%.3f / %.3f** |%n%n"
                        + "(His first photo against the other five: %.3f.)%n", sum[0] / n, sum[1] / n, sum[2] / n,
                sum[3] / n, meanSimilarity(enrolled, others))).toString();
    }

    private static double meanSimilarity(float[] embedding, List<float[]> others) {
        double sum = 0;
        for (float[] other : others) {
            sum += dot(embedding, other);
        }
        return sum / others.size();
    }

    private static String meanRow(String name, double[] ours, double[] classic, int n, boolean bold) {
        String b = bold ? "**" : "";
        return String.format(Locale.ROOT, "| %s%s%s | %s%.3f / %.3f%s | %.3f / %.3f | %.3f / %.3f | %s%.1f / %.1f%s | %.3f / %.3f |%n",
                b, name, b, b, ours[0] / n, classic[0] / n, b, ours[1] / n, classic[1] / n, ours[2] / n, classic[2] / n,
                b, ours[3] / n, classic[3] / n, b, ours[4] / n, classic[4] / n);
    }

    /**
     * Writes {@code docs/fusion-degrees.png} (rows: profile degree 0, 50, 100; columns: the user and
     * the template, then face degree 0, 50, 100) and answers the identity of each cell as a table.
     */
    private static String degreeSheet(FaceDetector detector, FaceAnalysis analysis, FaceFusionEngine engine) throws Exception {
        Face user = face(detector, analysis, DEGREES_USER, 0);
        Face template = face(detector, analysis, DEGREES_TEMPLATE[0], Integer.parseInt(DEGREES_TEMPLATE[1]));
        BufferedImage sheet = new BufferedImage(CELL * (DEGREE_STEPS.length + 1), CELL * DEGREE_STEPS.length,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.drawImage(crop(user.photo(), user.box()), 0, 0, CELL, CELL, null);
        g.drawImage(crop(template.photo(), template.box()), 0, CELL, CELL, CELL, null);
        StringBuilder table = new StringBuilder();
        for (int row = 0; row < DEGREE_STEPS.length; row++) {
            table.append(String.format(Locale.ROOT, "| profile %d |", Math.round(DEGREE_STEPS[row] * 100)));
            for (int column = 0; column < DEGREE_STEPS.length; column++) {
                RgbImage out = copy(template.photo());
                fuse(engine, out, template, user, new FaceFusionEngine.Degrees(DEGREE_STEPS[column], DEGREE_STEPS[row]));
                g.drawImage(crop(out, template.box()), (column + 1) * CELL, row * CELL, CELL, CELL, null);
                table.append(String.format(Locale.ROOT, " %.3f |", identity(detector, analysis, out, template, user)));
            }
            table.append('\n');
        }
        g.dispose();
        ImageIO.write(sheet, "png", new File("docs/fusion-degrees.png"));
        return table.toString();
    }

    /** Writes {@code docs/fusion-two-faces.png}: two users into the two largest faces of one template, as two merge items do. */
    private static void twoFaces(FaceDetector detector, FaceAnalysis analysis, FaceFusionEngine engine) throws Exception {
        RgbImage out = null;
        Face[] targets = {face(detector, analysis, TEMPLATES[0][0], 0), face(detector, analysis, TEMPLATES[0][0], 1)};
        for (int target = 0; target < 2; target++) {
            Face template = targets[target];
            out = out == null ? copy(template.photo()) : out;
            // the other face stays where it is, as the fusion function holds a template's other faces
            double[] keep = FaceFusionEngine.stillPoints(targets[1 - target].landmarks());
            fuse(engine, out, template, face(detector, analysis, USERS[target], 0), new FaceFusionEngine.Degrees(1, PROFILE), keep);
        }
        int width = CELL * 4;
        int height = (int) Math.round(out.height() * (double) width / out.width());
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(out.toBufferedImage(), 0, 0, width, height, null);
        g.dispose();
        ImageIO.write(sheet, "png", new File("docs/fusion-two-faces.png"));
    }

    /** {@code user}'s face into {@code template}'s on {@code canvas}, as the fusion function does. */
    private static void fuse(FaceFusionEngine engine, RgbImage canvas, Face template, Face user,
                             FaceFusionEngine.Degrees degrees) {
        fuse(engine, canvas, template, user, degrees, new double[0]);
    }

    private static void fuse(FaceFusionEngine engine, RgbImage canvas, Face template, Face user,
                             FaceFusionEngine.Degrees degrees, double[] keep) {
        // whether a hand is in front of the template's face, as template upload finds it
        boolean handsInFront = !hands.overFace(template.photo(), FaceMesh.xy(template.landmarks())).isEmpty();
        engine.fuse(canvas, new FaceFusionEngine.Face(template.landmarks(), SkinColour.of(template.photo(), template.landmarks()),
                        handsInFront),
                user.photo(), new FaceFusionEngine.Face(user.landmarks(), SkinColour.of(user.photo(), user.landmarks())), degrees,
                keep);
    }

    /**
     * Writes {@code docs/fusion-hands.png}: sample6's clasped hands pasted over a face (no reachable
     * photo shows a real hand over one), once in front of the template's face and once over the
     * user's; per row the user, the template, facefuse, the classic swap.
     */
    private static void handsSheet(FaceDetector detector, FaceAnalysis analysis, FaceFusionEngine engine) throws Exception {
        Face withHand = face(detector, analysis, RgbImage.of(ImageEdits.handOverFace()), 0);
        Face[][] pairs = {
            {face(detector, analysis, USERS[0], 0), withHand},
            {withHand, face(detector, analysis, TEMPLATES[2][0], Integer.parseInt(TEMPLATES[2][1]))},
        };
        List<BufferedImage[]> rows = new ArrayList<>();
        for (Face[] pair : pairs) {
            RgbImage ours = copy(pair[1].photo());
            fuse(engine, ours, pair[1], pair[0], new FaceFusionEngine.Degrees(1, PROFILE));
            rows.add(new BufferedImage[]{crop(pair[0].photo(), pair[0].box()), crop(pair[1].photo(), pair[1].box()),
                    crop(ours, pair[1].box()), crop(classicSwap(pair[1], pair[0]), pair[1].box())});
        }
        writeSheet(rows, "docs/fusion-hands.png");
    }

    /**
     * Writes {@code docs/fusion-sunglasses.png}: the user into each face of {@code photos/sunglasses/}
     * (faces of about 70 pixels, on a grey canvas); answers the table: how far the output is from the
     * template over the eyes (mean difference, grey levels: 0 is the template's lenses kept) and the
     * identity, facefuse / classic.
     */
    private static String sunglassesSheet(FaceDetector detector, FaceAnalysis analysis, FaceFusionEngine engine)
            throws Exception {
        Face user = face(detector, analysis, SUNGLASSES_USER, 0);
        FaceFusionEngine.Degrees degrees = new FaceFusionEngine.Degrees(1, PROFILE);
        StringBuilder table = new StringBuilder();
        List<BufferedImage[]> rows = new ArrayList<>();
        for (String name : SUNGLASSES) {
            RgbImage photo = RgbImage.of(ImageEdits.onCanvas(ImageEdits.resource("/photos/sunglasses/" + name + ".png"), 300));
            Face template = face(detector, analysis, photo, 0);
            RgbImage ours = copy(template.photo());
            fuse(engine, ours, template, user, degrees);
            RgbImage classic = classicSwap(template, user);
            RgbImage reshaped = reshaped(template, user, degrees).image();
            double oursOnEyes = onEyes(ours, reshaped, FaceFusionEngine.targetShape(template.landmarks(), user.landmarks(), degrees));
            double classicOnEyes = onEyes(classic, template.photo(), FaceFusionEngine.xy(template.landmarks()));
            table.append(String.format(Locale.ROOT, "| %s | %.1f / %.1f | %.3f / %.3f |%n", name, oursOnEyes, classicOnEyes,
                    identity(detector, analysis, ours, template, user), identity(detector, analysis, classic, template, user)));
            rows.add(new BufferedImage[]{crop(user.photo(), user.box()), crop(template.photo(), template.box()),
                    crop(ours, template.box()), crop(classic, template.box())});
        }
        // and the other way: a user in sunglasses into the bare face, their lenses' grey over the eyes
        Face wearer = face(detector, analysis, RgbImage.of(ImageEdits.onCanvas(
                ImageEdits.resource("/photos/sunglasses/" + SUNGLASSES_WEARER + ".png"), 300)), 0);
        RgbImage ours = copy(user.photo());
        fuse(engine, ours, user, wearer, degrees);
        RgbImage classic = classicSwap(user, wearer);
        table.append(String.format(Locale.ROOT, "%nAnd the other way (the last row): %s's man, in sunglasses, as the user into %s#0.%n"
                        + "His lenses' grey over the eyes is %.1f in his photo, %.1f / %.1f in the outputs (the template's%n"
                        + "eyes there: %.1f); identity %.3f / %.3f.%n", SUNGLASSES_WEARER, SUNGLASSES_USER,
                greyOnEyes(wearer.photo(), FaceFusionEngine.xy(wearer.landmarks())),
                greyOnEyes(ours, FaceFusionEngine.targetShape(user.landmarks(), wearer.landmarks(), degrees)),
                greyOnEyes(classic, FaceFusionEngine.xy(user.landmarks())),
                greyOnEyes(user.photo(), FaceFusionEngine.xy(user.landmarks())),
                identity(detector, analysis, ours, user, wearer), identity(detector, analysis, classic, user, wearer)));
        rows.add(new BufferedImage[]{crop(wearer.photo(), wearer.box()), crop(user.photo(), user.box()),
                crop(ours, user.box()), crop(classic, user.box())});
        writeSheet(rows, "docs/fusion-sunglasses.png");
        return table.toString();
    }

    /** The mean grey over discs around the eyes of {@code points} (x, y pairs). */
    private static double greyOnEyes(RgbImage image, double[] points) {
        return ImageDifference.meanGrey(image, ImageDifference.eyeDiscs(image.width(), image.height(), points));
    }

    /** The mean difference between an output and its template over discs around the eyes of {@code points} (x, y pairs). */
    private static double onEyes(RgbImage output, RgbImage template, double[] points) {
        return ImageDifference.mean(output.toBufferedImage(), template.toBufferedImage(),
                ImageDifference.eyeDiscs(output.width(), output.height(), points));
    }

    /** The template as the engine reshapes it before fusing {@code user} at {@code profile} (untouched at 0). */
    private static Reference reshaped(Face template, Face user, FaceFusionEngine.Degrees degrees) {
        double[] shape = FaceFusionEngine.targetShape(template.landmarks(), user.landmarks(), degrees);
        RgbImage image = copy(template.photo());
        if (degrees.profile() > 0 || degrees.face() > 0) {
            TemplateReshape.apply(image, FaceFusionEngine.xy(template.landmarks()), shape, Delaunay.triangulate(shape), new double[0]);
        }
        return new Reference(image, FaceMesh.ovalOfPoints(shape));
    }

    private static Face face(FaceDetector detector, FaceAnalysis analysis, String name, int index) {
        return face(detector, analysis, RgbImage.of(ImageEdits.read(Photos.bytes(name))), index);
    }

    /** The {@code index}-th largest face of {@code photo}. */
    private static Face face(FaceDetector detector, FaceAnalysis analysis, RgbImage photo, int index) {
        List<DetectedFace> faces = new ArrayList<>(detector.detect(photo));
        faces.sort(Comparator.comparingDouble(DetectedFace::area).reversed());
        DetectedFace box = faces.get(index);
        FaceAnalysis.Landmarks landmarks = analysis.landmarks(photo, box);
        return new Face(photo, box, landmarks.points(), FaceQuality.pose(landmarks));
    }

    /**
     * identity: cosine of the output face's embedding with the user's (higher: more the user);
     * templateIdentity: the same with the template face (context); ssim: structural similarity to
     * the reference (the template as reshaped for this fusion) in a ring around its face outline (1:
     * untouched); seam: the excess gradient along that outline over the reference's own, in grey
     * levels (0: no seam); uploadedSsim: the ring's similarity to the template as uploaded, in a ring
     * around its own outline (what the reshape moved counts against it).
     */
    private static Scores scores(FaceDetector detector, FaceAnalysis analysis, RgbImage output, Reference reference,
                                 Face template, Face user) {
        DetectedFace found = found(detector, output, template);
        float[] out = analysis.embedding(output, found);
        double templateIdentity = dot(out, analysis.embedding(template.photo(), template.box()));
        double[] uploaded = FaceMesh.oval(template.landmarks());
        return new Scores(dot(out, analysis.embedding(user.photo(), user.box())), templateIdentity,
                ringSsim(output, reference.image(), reference.oval()), seam(output, reference.image(), reference.oval()),
                ringSsim(output, template.photo(), uploaded));
    }

    /** The output's face where the template's was, as the detector finds it (the template's box if it finds none there). */
    private static DetectedFace found(FaceDetector detector, RgbImage output, Face template) {
        return detector.detect(output).stream().max(Comparator.comparingDouble(f -> f.iou(template.box())))
                .filter(f -> f.iou(template.box()) > 0.3).orElse(template.box());
    }

    private static double identity(FaceDetector detector, FaceAnalysis analysis, RgbImage output, Face template, Face user) {
        return dot(analysis.embedding(output, found(detector, output, template)), analysis.embedding(user.photo(), user.box()));
    }

    private static double ringSsim(RgbImage a, RgbImage b, double[] oval) {
        double[] box = bounds(oval, 0.3, a);
        double sum = 0;
        int windows = 0;
        for (int y = (int) box[1]; y + 8 <= box[3]; y += 4) {
            for (int x = (int) box[0]; x + 8 <= box[2]; x += 4) {
                if (FaceMesh.inside(oval, x + 4, y + 4)) {
                    continue;
                }
                double ma = 0, mb = 0, va = 0, vb = 0, cov = 0;
                for (int j = 0; j < 8; j++) {
                    for (int i = 0; i < 8; i++) {
                        double pa = grey(a, x + i, y + j);
                        double pb = grey(b, x + i, y + j);
                        ma += pa;
                        mb += pb;
                        va += pa * pa;
                        vb += pb * pb;
                        cov += pa * pb;
                    }
                }
                ma /= 64;
                mb /= 64;
                va = va / 64 - ma * ma;
                vb = vb / 64 - mb * mb;
                cov = cov / 64 - ma * mb;
                double c1 = 6.5025;
                double c2 = 58.5225;
                sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                windows++;
            }
        }
        return sum / windows;
    }

    private static double seam(RgbImage output, RgbImage template, double[] oval) {
        double cx = 0, cy = 0;
        for (int i = 0; i < oval.length; i += 2) {
            cx += oval[i];
            cy += oval[i + 1];
        }
        cx /= oval.length / 2.0;
        cy /= oval.length / 2.0;
        double excess = 0;
        int samples = 0;
        int n = oval.length / 2;
        for (int k = 0; k < n; k++) {
            for (double t = 0; t < 1; t += 0.1) {
                double x = oval[2 * k] + t * (oval[2 * ((k + 1) % n)] - oval[2 * k]);
                double y = oval[2 * k + 1] + t * (oval[2 * ((k + 1) % n) + 1] - oval[2 * k + 1]);
                // where the mask's edge lies: a little inside the outline
                for (double shrink : new double[]{0.86, 0.90, 0.94}) {
                    int px = (int) Math.round(cx + (x - cx) * shrink);
                    int py = (int) Math.round(cy + (y - cy) * shrink);
                    excess += Math.max(0, gradient(output, px, py) - gradient(template, px, py));
                    samples++;
                }
            }
        }
        return excess / samples;
    }

    /** The classic swap, on the region around the template face. */
    static RgbImage classicSwap(Face template, Face user) {
        double[] t = FaceFusionEngine.xy(template.landmarks());
        double[] u = FaceFusionEngine.xy(user.landmarks());
        double[] aligned = Procrustes.align(u, t);
        // the similarity is exact for any two points: solve it from the first two landmarks' fit
        double[] inverse = similarity(aligned, u);
        RgbImage out = copy(template.photo());
        Region region = Region.around(t, 0.25, out.width(), out.height());
        float[] warped = new float[region.pixels() * 3];
        for (int y = 0; y < region.height; y++) {
            for (int x = 0; x < region.width; x++) {
                double gx = x + region.x0;
                double gy = y + region.y0;
                double sx = inverse[0] * gx - inverse[1] * gy + inverse[2];
                double sy = inverse[1] * gx + inverse[0] * gy + inverse[3];
                int ix = (int) Math.max(0, Math.min(user.photo().width() - 1, Math.round(sx)));
                int iy = (int) Math.max(0, Math.min(user.photo().height() - 1, Math.round(sy)));
                for (int c = 0; c < 3; c++) {
                    warped[(y * region.width + x) * 3 + c] = user.photo().rgb()[(iy * user.photo().width() + ix) * 3 + c] & 0xff;
                }
            }
        }
        float[] base = region.copyOf(out.rgb(), out.width());
        double eyes = Math.hypot(t[2 * 33] - t[2 * 263], t[2 * 33 + 1] - t[2 * 263 + 1]);
        int radius = (int) Math.max(1, Math.round(eyes * 0.6 / 2));
        float[] blurBase = blurChannels(base, region, radius);
        float[] blurWarped = blurChannels(warped, region, radius);
        float[] mask = new float[region.pixels()];
        double[] oval = FaceMesh.oval(template.landmarks());
        for (int y = 0; y < region.height; y++) {
            for (int x = 0; x < region.width; x++) {
                mask[y * region.width + x] = FaceMesh.inside(oval, x + region.x0, y + region.y0) ? 1 : 0;
            }
        }
        mask = Region.blurred(mask, region.width, region.height, 5);
        for (int i = 0; i < base.length; i++) {
            double corrected = warped[i] * blurBase[i] / Math.max(1, blurWarped[i]);
            float m = mask[i / 3];
            base[i] = (float) Math.max(0, Math.min(255, m * corrected + (1 - m) * base[i]));
        }
        region.writeInto(out.rgb(), out.width(), base);
        return out;
    }

    /** a, b, tx, ty with x' = a x - b y + tx, y' = b x + a y + ty, fitted from {@code from} to {@code to}. */
    private static double[] similarity(double[] from, double[] to) {
        double[] fit = Procrustes.align(new double[]{from[0], from[1], from[2], from[3]}, new double[]{to[0], to[1], to[2], to[3]});
        double fx = from[2] - from[0], fy = from[3] - from[1];
        double tx = to[2] - to[0], ty = to[3] - to[1];
        double norm = fx * fx + fy * fy;
        double a = (fx * tx + fy * ty) / norm;
        double b = (fx * ty - fy * tx) / norm;
        return new double[]{a, b, fit[0] - (a * from[0] - b * from[1]), fit[1] - (b * from[0] + a * from[1])};
    }

    private static float[] blurChannels(float[] rgb, Region region, int radius) {
        float[] out = new float[rgb.length];
        for (int c = 0; c < 3; c++) {
            float[] channel = new float[region.pixels()];
            for (int i = 0; i < channel.length; i++) {
                channel[i] = rgb[i * 3 + c];
            }
            float[] blurred = Region.blurred(channel, region.width, region.height, radius);
            for (int i = 0; i < channel.length; i++) {
                out[i * 3 + c] = blurred[i];
            }
        }
        return out;
    }

    private static void writeDoc(String rows, String wider, String person, String degrees, String sunglasses)
            throws Exception {
        String doc = """
                # Fusion quality

                Written by `./mvnw -q test-compile exec:java@fusion-quality` (`FusionQuality`): %d user × template
                pairs from the sample photos, each fused by facefuse's engine (face degree 100, profile degree
                50) and by the classic landmark swap (one similarity transform of the whole face, colour
                corrected by the ratio of blurred images, a feathered mask: what most open-source swappers
                do), from the same FaceMesh landmarks. Each cell is **facefuse / classic**.

                - **identity**: cosine of the output face's faceres embedding with the user's (higher is more
                  the user; the same person in two photos scores 0.73-0.94, different people at most 0.64);
                - **template identity**: the same with the template's own face, for context;
                - **ring SSIM**: structural similarity to the template in a band around the face outline (1 is
                  untouched), the template as the fusion reshaped it: at a profile degree above 0 facefuse
                  moves the template's face to the new outline and its surroundings along (the classic
                  swap does not), so this measures what the blend leaves of them;
                - **seam**: the gradient along the face outline beyond the template's own there, in grey levels
                  (0 is no visible edge), on the same reshaped template;
                - **ring SSIM to the upload**: the same band compared with the template as uploaded, around
                  its own outline: what the reshape moved counts against it (a shift of a pixel or two in
                  hair is enough to lower it).

                | pair | identity | template identity | ring SSIM | seam | ring SSIM to the upload |
                |---|---|---|---|---|---|
                %s
                The contact sheet, per row: the user, the template, facefuse, classic.

                ![contact sheet](fusion-contact-sheet.png)

                ## A wider set

                Nine pairs are few. The same scores over more of the sample faces (numbered largest first),
                each user's own photo left out, and faces turned further than moderation allows (yaw %.0f°,
                pitch %.0f°: the service refuses them) left out; the mean per user, then over all pairs.
                Users: %s.
                Template faces: %s.

                | user | identity | template identity | ring SSIM | seam | ring SSIM to the upload |
                |---|---|---|---|---|---|
                %s
                ## The same person in other photos

                Identity above compares the output with the very photo the face came from, which rewards
                copying that photo (its pose, expression and light) as much as keeping the person. One man
                in the sample set (`person-a`) has six photos: the first, a face of about 120 pixels, is
                fused into the wider set's template faces, and each output is compared with that photo and
                with his five others (the mean), facefuse / classic.

                | template face | identity to the photo fused | identity to his other photos |
                |---|---|---|
                %s
                ## The degrees

                %s into %s's face %s at face degree 0, 50 and 100 (columns, after the user and the
                template) and profile degree 0, 50 and 100 (rows): the face degree brings the user's
                features, their proportions and skin, the profile degree the user's outline (a pair whose
                outlines differ more than most: the template's face is turned and tilted; the user's face
                is turned into the template's pose at every degree, and the degrees move only
                proportions). Identity to the user:

                | | face 0 | face 50 | face 100 |
                |---|---|---|---|
                %s
                ![degree sheet](fusion-degrees.png)

                ## Two faces

                Two merge items into one template: %s into %s's largest face, %s into its second largest
                (face degree 100, profile degree 50); the other faces are left as they were.

                ![two faces](fusion-two-faces.png)

                ## Hands

                sample6's clasped hands pasted over its largest face (no reachable photo shows a real hand
                over a face), in front of the template's face (row 1: %s into it) and over the user's (row
                2: it into %s#%s). Per row: the user, the template, facefuse, classic. facefuse keeps the
                template's hand (and its watch) in front and leaves the user's behind, but for slivers of
                the pasted piece's sleeve and background at its edge, which are neither hand nor skin;
                the classic swap paints over the first and carries the second whole.

                ![hands](fusion-hands.png)

                ## Sunglasses

                %s#0 into the faces wearing sunglasses in `photos/sunglasses/` (faces of about 70 pixels,
                cut from a screenshot, on a grey canvas). facefuse keeps the template's lenses and frame in
                front (`Glasses`); the classic swap paints the user's eyes over them. The last face's
                mirrored lenses reflect the sky, as light as skin, and are not found: painted over by both.
                How far the output is from the template over the eyes (mean difference in grey levels, 0 is
                the lenses kept) and identity, facefuse / classic:

                | template face | over the eyes | identity |
                |---|---|---|
                %s
                Per row: the user, the template, facefuse, classic. A user's sunglasses come along as
                part of their look (decided), their lenses as dark as in the photo: the colour transfer
                and the seam correction leave them (they made them a see-through brown).

                ![sunglasses](fusion-sunglasses.png)
                """.formatted(USERS.length * TEMPLATES.length, rows, MAX_YAW, MAX_PITCH, faces(WIDER_USERS),
                faces(WIDER_TEMPLATES), wider, person,
                DEGREES_USER, DEGREES_TEMPLATE[0],
                DEGREES_TEMPLATE[1], degrees, USERS[0], TEMPLATES[0][0], USERS[1], USERS[0], TEMPLATES[2][0],
                TEMPLATES[2][1], SUNGLASSES_USER, sunglasses);
        Files.writeString(Path.of("docs/fusion-quality.md"), doc);
    }

    /** "sample1#0, sample3#0 and sample5#0". */
    private static String faces(String[][] faces) {
        List<String> names = java.util.Arrays.stream(faces).map(f -> f[0] + "#" + f[1]).toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }

    private static void writeSheet(List<BufferedImage[]> rows, String file) throws Exception {
        BufferedImage sheet = new BufferedImage(CELL * 4, CELL * rows.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < 4; c++) {
                g.drawImage(rows.get(r)[c], c * CELL, r * CELL, CELL, CELL, null);
            }
        }
        g.dispose();
        ImageIO.write(sheet, "png", new File(file));
    }

    private static BufferedImage crop(RgbImage photo, DetectedFace box) {
        double side = Math.max(box.width(), box.height()) * 1.8;
        int x = (int) Math.max(0, box.centerX() - side / 2);
        int y = (int) Math.max(0, box.centerY() - side / 2);
        int s = (int) Math.min(side, Math.min(photo.width() - x, photo.height() - y));
        return photo.toBufferedImage().getSubimage(x, y, s, s);
    }

    private static double[] bounds(double[] polygon, double margin, RgbImage image) {
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int i = 0; i < polygon.length; i += 2) {
            minX = Math.min(minX, polygon[i]);
            maxX = Math.max(maxX, polygon[i]);
            minY = Math.min(minY, polygon[i + 1]);
            maxY = Math.max(maxY, polygon[i + 1]);
        }
        double grow = (maxX - minX) * margin;
        return new double[]{Math.max(0, minX - grow), Math.max(0, minY - grow), Math.min(image.width() - 1, maxX + grow),
                Math.min(image.height() - 1, maxY + grow)};
    }

    private static double gradient(RgbImage image, int x, int y) {
        x = Math.max(1, Math.min(image.width() - 2, x));
        y = Math.max(1, Math.min(image.height() - 2, y));
        double gx = grey(image, x + 1, y - 1) + 2 * grey(image, x + 1, y) + grey(image, x + 1, y + 1)
                - grey(image, x - 1, y - 1) - 2 * grey(image, x - 1, y) - grey(image, x - 1, y + 1);
        double gy = grey(image, x - 1, y + 1) + 2 * grey(image, x, y + 1) + grey(image, x + 1, y + 1)
                - grey(image, x - 1, y - 1) - 2 * grey(image, x, y - 1) - grey(image, x + 1, y - 1);
        return Math.hypot(gx, gy) / 8;
    }

    private static double grey(RgbImage image, int x, int y) {
        int i = (y * image.width() + x) * 3;
        byte[] rgb = image.rgb();
        return 0.299 * (rgb[i] & 0xff) + 0.587 * (rgb[i + 1] & 0xff) + 0.114 * (rgb[i + 2] & 0xff);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void add(double[] sum, Scores s) {
        sum[0] += s.identity();
        sum[1] += s.templateIdentity();
        sum[2] += s.ssim();
        sum[3] += s.seam();
        sum[4] += s.uploadedSsim();
    }

    private static RgbImage copy(RgbImage image) {
        return new RgbImage(image.width(), image.height(), image.rgb().clone());
    }
}
